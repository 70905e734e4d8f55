/** react-query keys for the settings page; mutations invalidate these. */
export const apiTokensQueryKey = ["api-tokens"] as const;
export const usersQueryKey = ["users"] as const;
export const meQueryKey = ["me"] as const;
export const invitesQueryKey = ["invites"] as const;
