/**
 * The standby's own pages: an admin signing in to a standby to look at it, read-only.
 * Merged into the catalogs of `i18n.ts`, which is why the Chinese one must have exactly
 * the English one's keys.
 *
 * @module
 */

export const standby4En = {
  "app.standby.signIn":
    "This box is the standby. Admins may sign in to see how it follows the primary; nothing can be changed here. Everyone else works on the primary.",
  "app.standby.readOnly":
    "This box is the standby: what you see is the primary's data, read-only. Make changes on the primary.",
  "login.error.standby":
    "This box is the standby: only admins sign in here, to look. Sign in on the primary.",
};

export const standby4Zh: Record<keyof typeof standby4En, string> = {
  "app.standby.signIn":
    "这台设备是备机。管理员可以登录查看它如何跟随主机，但这里不能做任何修改。其他人请在主机上工作。",
  "app.standby.readOnly": "这台设备是备机：这里看到的是主机的数据，只读。请在主机上修改。",
  "login.error.standby": "这台设备是备机：只有管理员可以登录查看。请在主机上登录。",
};
