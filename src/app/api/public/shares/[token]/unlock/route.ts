import { z } from "zod";
import { clientAddress } from "@/server/http/client-address";
import { publicRoute } from "@/server/http/route";
import { UnlockShareInput, unlockShare } from "@/server/shares/unlock-share";

const Params = z.object({ token: z.string().min(1).max(200) });

// POST /api/public/shares/{token}/unlock — public: check the password, set the page's unlock cookie
export const POST = publicRoute({ params: Params, body: UnlockShareInput }, async ({ ctx, params, body, request }) => {
  const { setCookie, unlockedUntil } = await unlockShare(ctx, params.token, body, clientAddress(request, ctx.config.trustedProxies));
  return Response.json({ unlockedUntil }, { headers: { "Cache-Control": "no-store", "Set-Cookie": setCookie } });
});
