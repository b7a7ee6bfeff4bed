/** The widget's styles, inside its shadow root so the host page's CSS never reaches them. */
export function widgetStyles(color: string): string {
  return `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC",
  "Microsoft YaHei", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0;
  border-radius: 999px; padding: 12px 20px; background: ${color}; color: #fff; font-size: 15px;
  font-weight: 600; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.window { position: fixed; right: 20px; bottom: 20px; z-index: 2147483001; width: 360px;
  max-width: calc(100vw - 24px); height: 520px; max-height: calc(100vh - 40px); display: flex;
  flex-direction: column; background: #fff; color: #1d2330; border-radius: 12px;
  box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; font-size: 14px; }
.window[hidden], .launcher[hidden], [hidden] { display: none !important; }
header { background: ${color}; color: #fff; padding: 12px 14px; display: flex;
  align-items: center; gap: 8px; }
header h2 { margin: 0; font-size: 16px; flex: 1; }
header button { background: transparent; border: 0; color: #fff; font-size: 20px; cursor: pointer;
  line-height: 1; }
.status { font-size: 12px; padding: 4px 14px; background: #fff4d6; color: #6b4e00; }
form.prechat, form.leave { padding: 14px; display: grid; gap: 8px; overflow: auto; }
label { display: grid; gap: 3px; font-size: 13px; color: #3b4252; }
input, textarea { font: inherit; padding: 8px; border: 1px solid #c8ccd4; border-radius: 6px;
  width: 100%; }
.hint { font-size: 12px; color: #5b6272; margin: 0; }
.primary { background: ${color}; color: #fff; border: 0; border-radius: 6px; padding: 9px 12px;
  font: inherit; font-weight: 600; cursor: pointer; white-space: nowrap; }
.secondary { background: #fff; color: #1d2330; border: 1px solid #c8ccd4; border-radius: 6px;
  padding: 6px 10px; font: inherit; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px;
  background: #f6f7f9; }
.msg { max-width: 85%; padding: 8px 10px; border-radius: 10px; white-space: pre-wrap;
  overflow-wrap: anywhere; line-height: 1.4; }
.msg .who { display: block; font-size: 11px; color: #5b6272; margin-bottom: 2px; }
.msg.visitor { align-self: flex-end; background: ${color}; color: #fff; }
.msg.visitor .who { color: rgba(255,255,255,.85); }
.msg.agent, .msg.bot { align-self: flex-start; background: #fff; border: 1px solid #e0e3e8; }
.msg.system { align-self: center; background: transparent; color: #5b6272; font-size: 12px;
  text-align: center; }
.msg.pending { opacity: .6; }
.msg a { color: inherit; }
.article { margin-top: 6px; padding: 6px 8px; border-left: 3px solid ${color}; background: #f3f5f8;
  color: #1d2330; }
.article strong { display: block; margin-bottom: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 12px; background: #f6f7f9; }
.typing { font-size: 12px; color: #5b6272; padding: 2px 12px; background: #f6f7f9; min-height: 18px; }
.error { color: #a40e26; font-size: 12px; padding: 4px 12px; background: #fdecee; }
.compose { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #e0e3e8; align-items: center; }
.compose textarea { resize: none; height: 40px; }
.icon { background: transparent; border: 1px solid #c8ccd4; border-radius: 6px; width: 38px;
  height: 38px; cursor: pointer; font-size: 18px; }
.footer { display: flex; justify-content: flex-end; padding: 4px 8px; border-top: 1px solid #eef0f3; }
.link { background: none; border: 0; color: #5b6272; font: inherit; font-size: 12px; cursor: pointer;
  text-decoration: underline; }
`;
}
