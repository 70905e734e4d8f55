import { clientAddress } from "@/server/http/client-address";
import { publicRoute } from "@/server/http/route";
import { openShare } from "@/server/shares/open-share";
import { readUnlockCookie } from "@/server/shares/unlock-cookie";
import { ShareTokenParams } from "@/contract/shares";

// GET /api/public/shares/{token} — public: a live link's images (password in X-Share-Password)
export const GET = publicRoute({ params: ShareTokenParams }, async ({ ctx, params, request }) => {
  const share = await openShare(ctx, {
    token: params.token,
    password: request.headers.get("x-share-password") ?? undefined,
    unlockCookie: readUnlockCookie(request.headers.get("cookie")),
    address: clientAddress(request, ctx.config.trustedProxies),
  });
  return Response.json({ share }, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
});
