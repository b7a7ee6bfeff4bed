/** The largest file a visitor or an agent may send in a chat (under the API's 1 MiB body limit). */
export const MAX_CHAT_FILE_BYTES = 1_000_000;

/** The longest text message, in characters. */
export const MAX_CHAT_TEXT = 4000;

/**
 * File types a chat carries: pictures, PDF and plain text. Anything that a browser could
 * run or render as a page (HTML, SVG, scripts, executables) is refused.
 */
export const CHAT_FILE_TYPES: Readonly<Record<string, readonly string[]>> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "text/plain": ["txt", "log"],
};

export type FileRefusal =
  | { code: "file_too_large"; maxBytes: number }
  | { code: "file_type_not_allowed"; allowed: string[] }
  | { code: "file_empty" };

/** Why a file cannot be sent, or undefined when it can. The name's extension must fit its type. */
export function refuseFile(
  file: { name: string; contentType: string; size: number },
): FileRefusal | undefined {
  if (file.size === 0) return { code: "file_empty" };
  if (file.size > MAX_CHAT_FILE_BYTES) {
    return { code: "file_too_large", maxBytes: MAX_CHAT_FILE_BYTES };
  }
  const extensions = CHAT_FILE_TYPES[file.contentType.split(";")[0].trim().toLowerCase()];
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.name)?.[1].toLowerCase();
  if (!extensions || !extension || !extensions.includes(extension)) {
    return {
      code: "file_type_not_allowed",
      allowed: Object.values(CHAT_FILE_TYPES).flat(),
    };
  }
  return undefined;
}
