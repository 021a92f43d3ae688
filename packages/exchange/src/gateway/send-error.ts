// SPDX-License-Identifier: Apache-2.0
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gatewayErrorOf, type GatewaySide } from '../exchange-errors.ts';

/**
 * A gateway-made error in the protocol's form: 400 or 500, `X-Road-Error: {type}` and the JSON
 * body `{type, message, detail}`, where detail is the X-Road-Id that finds the log entry.
 */
export function sendGatewayError(req: IncomingMessage, res: ServerResponse, error: unknown, side: GatewaySide, messageId: string, log: (error: unknown) => void): void {
  const fault = gatewayErrorOf(error, side);
  if (fault !== error) log(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const [name, value] = fault.header();
  // A body we stopped reading (too large, refused early) leaves the connection unusable: close it.
  const close = req.complete ? {} : { connection: 'close' };
  // setHeader rather than writeHead's argument, so the metrics can read the fault type back.
  for (const [header, v] of Object.entries({ 'content-type': 'application/json', [name]: value, 'x-road-id': messageId, ...close })) res.setHeader(header, v);
  res.writeHead(fault.status);
  res.end(JSON.stringify(fault.toBody(messageId)));
}
