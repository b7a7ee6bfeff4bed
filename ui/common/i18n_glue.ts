/**
 * Strings that join the channels to the rest of the product: an agent's chat capacity in
 * the user editor. Merged into the catalogs of `i18n.ts`, so the Chinese one must have
 * exactly the English one's keys.
 *
 * @module
 */

export const glueEn = {
  "admin.users.chatCapacity": "Chats at once",
  "admin.users.chatCapacityHint":
    "How many web chats this agent answers at the same time; 0 takes no chats. At most 20.",
  "admin.users.chatCapacityWhole": "Enter a whole number from 0 to 20.",
};

export const glueZh: Record<keyof typeof glueEn, string> = {
  "admin.users.chatCapacity": "同时接待对话数",
  "admin.users.chatCapacityHint": "该坐席同时接待的网页对话数量；0 表示不接待对话。最多 20。",
  "admin.users.chatCapacityWhole": "请输入 0 到 20 之间的整数。",
};
