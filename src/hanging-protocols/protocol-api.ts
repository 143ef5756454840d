import { z } from 'zod';
import { callGateway, type Fetch } from '../session/gateway-call.ts';
import { hangingProtocolSchema, type HangingProtocol } from './hanging-protocol.ts';

/** The app's side of the reader's own hanging protocols (server/hanging-protocols). */

export class ProtocolApiError extends Error {
  override name = 'ProtocolApiError';
}

const listSchema = z.object({ protocols: z.array(hangingProtocolSchema) });
const savedSchema = z.object({ protocol: hangingProtocolSchema });

export async function fetchPersonalProtocols(signal?: AbortSignal, fetchImpl?: Fetch): Promise<HangingProtocol[]> {
  const answer = await callGateway('/api/hanging-protocols', {
    parse: (body) => listSchema.parse(body).protocols,
    fallback: 'Your hanging protocols could not be loaded.',
    ...(signal ? { signal } : {}),
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  if (!answer.ok) throw new ProtocolApiError(answer.message);
  return answer.value;
}

export async function savePersonalProtocol(protocol: HangingProtocol, fetchImpl?: Fetch): Promise<HangingProtocol> {
  const answer = await callGateway(`/api/hanging-protocols/${encodeURIComponent(protocol.id)}`, {
    method: 'PUT',
    json: protocol,
    parse: (body) => savedSchema.parse(body).protocol,
    fallback: 'The hanging protocol could not be saved.',
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  if (!answer.ok) throw new ProtocolApiError(answer.message);
  return answer.value;
}

export async function deletePersonalProtocol(id: string, fetchImpl?: Fetch): Promise<void> {
  const answer = await callGateway(`/api/hanging-protocols/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    parse: () => undefined,
    fallback: 'The hanging protocol could not be deleted.',
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  if (!answer.ok) throw new ProtocolApiError(answer.message);
}
