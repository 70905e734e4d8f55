import { clientAddress } from "@/server/http/client-address";
import { publicRoute } from "@/server/http/route";
import { unlockShare } from "@/server/shares/unlock-share";
import { ShareTokenParams, UnlockShareInput } from "@/contract/shares";

// POST /api/public/shares/{token}/unlock — public: check the password, set the page's unlock cookie
export const POST = publicRoute({ params: ShareTokenParams, body: UnlockShareInput }, async ({ ctx, params, body, request }) => {
  const { setCookie, unlockedUntil } = await unlockShare(ctx, params.token, body, clientAddress(request, ctx.config.trustedProxies));
  return Response.json({ unlockedUntil }, { headers: { "Cache-Control": "no-store", "Set-Cookie": setCookie } });
});
