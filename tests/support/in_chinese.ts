import { setLanguage } from "../../ui/common/i18n.ts";

/** Runs `test` with the page in Chinese, and puts it back in English after. */
export function inChinese(test: () => void): void;
export function inChinese(test: () => Promise<void>): Promise<void>;
export function inChinese(test: () => void | Promise<void>): void | Promise<void> {
  setLanguage("zh-CN", { persist: false });
  let result: void | Promise<void>;
  try {
    result = test();
  } catch (error) {
    setLanguage("en", { persist: false });
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => setLanguage("en", { persist: false }));
  }
  setLanguage("en", { persist: false });
}
