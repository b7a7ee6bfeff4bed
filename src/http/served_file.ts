/**
 * A file the program serves from memory. The bundled UI keeps each file gzipped and in
 * base64 (decision 052): one byte a character in the program's source and in the heap,
 * a quarter of the text's size, and sent as it is to every browser that takes gzip.
 * Tests and benchmarks hand plain text.
 */
export type UiAsset =
  | { contentType: string; body: string }
  | { contentType: string; gzipBase64: string; etag: string };

/** Answers for one {@link UiAsset}; its bytes are decoded on the first request. */
export class ServedFile {
  #bytes?: Uint8Array<ArrayBuffer>;

  constructor(private readonly asset: UiAsset) {}

  get contentType(): string {
    return this.asset.contentType;
  }

  /**
   * The response to a GET with these request headers: 304 when the browser's copy is
   * this one (RFC 9110 §13.1.2), else the file, gzipped when the browser takes gzip
   * (RFC 9110 §12.5.3) and unpacked as it streams when not.
   */
  respond(request: Headers, headers: Record<string, string>): Response {
    const out = new Headers({ ...headers, "Content-Type": this.asset.contentType });
    if (!("gzipBase64" in this.asset)) {
      return new Response(this.#plain(this.asset.body), { headers: out });
    }
    out.set("ETag", this.asset.etag);
    out.set("Vary", "Accept-Encoding");
    if (matchesEtag(request.get("if-none-match"), this.asset.etag)) {
      return new Response(null, { status: 304, headers: out });
    }
    this.#bytes ??= Uint8Array.fromBase64(this.asset.gzipBase64);
    if (acceptsGzip(request.get("accept-encoding"))) {
      out.set("Content-Encoding", "gzip");
      return new Response(this.#bytes, { headers: out });
    }
    const unpacked = new Blob([this.#bytes]).stream().pipeThrough(
      new DecompressionStream("gzip"),
    );
    return new Response(unpacked, { headers: out });
  }

  #plain(body: string): Uint8Array<ArrayBuffer> {
    return this.#bytes ??= new TextEncoder().encode(body);
  }
}

/** Whether an Accept-Encoding header takes gzip: named or `*`, with a weight above 0. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(",")) {
    const [coding, ...parameters] = part.trim().toLowerCase().split(";");
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weighted = q === undefined || Number(q.slice(2)) > 0;
    if (coding.trim() === "gzip" || coding.trim() === "x-gzip") return weighted;
    if (coding.trim() === "*") star = weighted;
  }
  return star ?? false;
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `W/` is ignored on either side. */
function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const strip = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => strip(tag) === strip(etag));
}
