/** The bot's info and exchange clients over one transport, signing as the simulator's demo account. */
import { systemClock } from "../../src/core/clock.ts";
import { ExchangeClient } from "../../src/gateway/exchange_client.ts";
import { InfoClient } from "../../src/gateway/info_client.ts";
import type { RequestTransport } from "../../src/gateway/request_transport.ts";
import { createWeightTable } from "../../src/limiter/weights.ts";
import { NonceSource } from "../../src/signer/nonce.ts";

/** Info and exchange clients of `sim`'s demo account over `transport`. */
export function simClients(
  sim: { readonly demo: { readonly privateKey: string } },
  transport: RequestTransport,
  nonces = new NonceSource(systemClock),
): { info: InfoClient; exchange: ExchangeClient } {
  const weights = createWeightTable();
  return {
    info: new InfoClient({ transport, weights }),
    exchange: new ExchangeClient({
      transport,
      weights,
      nonces,
      privateKey: sim.demo.privateKey,
      isMainnet: false,
    }),
  };
}
