"use client";

import { useState } from "react";
import { CreateTokenForm } from "./create-token-form";
import { NewTokenNotice } from "./new-token-notice";
import { TokenList } from "./token-list";

/** Create, list and revoke API tokens; a new token's secret is shown here once. */
export function ApiTokensSection() {
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  return (
    <div className="flex flex-col gap-5">
      <CreateTokenForm onCreated={setCreated} />
      {created && <NewTokenNotice name={created.name} token={created.token} onDismiss={() => setCreated(null)} />}
      <TokenList />
    </div>
  );
}
