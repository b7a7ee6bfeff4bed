import { VERSION } from "../../version.ts";
import type { RouteTarget } from "../route.ts";

/**
 * `/openapi.json` and a self-contained docs page: no CDN, because the appliance often
 * sits on a LAN without internet. The page's script is a file of its own because the
 * Content-Security-Policy allows no inline script.
 */
export function mountDocsRoutes(target: RouteTarget, prefix: string): void {
  let cached: Record<string, unknown> | undefined;
  target.app.get("/openapi.json", (c) => c.json(cached ??= target.docs.document(VERSION)));
  const page = DOCS_PAGE.replace("%SPEC%", `${prefix}/openapi.json`)
    .replace("%SCRIPT%", `${prefix}/docs.js`);
  target.app.get("/docs", (c) => c.html(page));
  target.app.get("/docs.js", (c) => {
    c.header("Content-Type", "text/javascript; charset=utf-8");
    return c.body(DOCS_SCRIPT);
  });
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>API reference</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans SC",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
header{background:#0b5cad;color:#fff;padding:16px 24px}h1{margin:0;font-size:20px}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
details{background:#fff;border:1px solid #d9e2ec;border-radius:8px;margin:8px 0}
summary{cursor:pointer;padding:10px 14px;display:flex;gap:12px;align-items:center}
.m{font:600 12px ui-monospace,monospace;padding:2px 8px;border-radius:4px;color:#fff;min-width:52px;text-align:center}
.get{background:#2f855a}.post{background:#0b5cad}.patch,.put{background:#b7791f}.delete{background:#c53030}
code,pre{font:13px ui-monospace,monospace}pre{background:#f0f4f8;padding:10px;overflow:auto;margin:0 14px 14px}
.roles{margin-left:auto;color:#52606d;font-size:13px}
</style></head><body><header><h1>Call center appliance API</h1><div id="v"></div></header>
<main id="list" data-spec="%SPEC%" aria-live="polite">Loading…</main>
<script src="%SCRIPT%" defer></script></body></html>`;

const DOCS_SCRIPT =
  `fetch(document.getElementById("list").dataset.spec).then(r=>r.json()).then(spec=>{
  document.getElementById("v").textContent="Version "+spec.info.version+" · OpenAPI "+spec.openapi;
  const list=document.getElementById("list");list.textContent="";
  for(const [path,ops] of Object.entries(spec.paths)){for(const [method,op] of Object.entries(ops)){
    const d=document.createElement("details");const s=document.createElement("summary");
    const m=document.createElement("span");m.className="m "+method;m.textContent=method.toUpperCase();
    const p=document.createElement("code");p.textContent=path;const t=document.createElement("span");t.textContent=op.summary;
    const r=document.createElement("span");r.className="roles";r.textContent=op.security&&op.security.length===0?"public":(op["x-roles"]||[]).join(", ");
    s.append(m,p,t,r);d.append(s);
    if(op.requestBody){const pre=document.createElement("pre");pre.textContent="Body: "+JSON.stringify(op.requestBody.content["application/json"].schema,null,2);d.append(pre);}
    const ok=Object.entries(op.responses).find(([k])=>k!=="default");
    if(ok&&ok[1].content){const pre=document.createElement("pre");pre.textContent=ok[0]+": "+JSON.stringify(ok[1].content["application/json"].schema,null,2);d.append(pre);}
    list.append(d);}}
});
`;
