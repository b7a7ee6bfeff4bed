/** A stand-in SMS gateway on a free local port that records what it is sent. */
export interface GatewayStandIn {
  url: string;
  received: { method: string; headers: Headers; body: string }[];
  /** Status codes to answer with, in order; 200 once they run out. */
  answers: number[];
  [Symbol.asyncDispose](): Promise<void>;
}

export function gatewayStandIn(): GatewayStandIn {
  const received: GatewayStandIn["received"] = [];
  const answers: number[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    received.push({ method: req.method, headers: req.headers, body: await req.text() });
    const status = answers.shift() ?? 200;
    return new Response(status < 400 ? '{"ok":true}' : "no", { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/send`,
    received,
    answers,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}
