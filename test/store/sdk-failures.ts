import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient } from '../support/dynalite.ts';

/** A real document client whose requests never leave: the SDK's middleware stack throws `error`. */
export function failingDocuments(endpoint: string, error: Error): DynamoDBDocumentClient {
  const failing = DynamoDBDocumentClient.from(localDynamoDbClient(endpoint));
  failing.middlewareStack.add(
    () => async () => {
      throw error;
    },
    { step: 'initialize' },
  );
  return failing;
}

/** An error shaped as the SDK's service errors are (matched by name, fault and status). */
export function sdkError(name: string, fault: 'client' | 'server', httpStatusCode: number): Error {
  return Object.assign(new Error(`${name} from the service`), { name, $fault: fault, $metadata: { httpStatusCode } });
}

/**
 * A client that sends every write twice, as when the first answer is lost on the way back and the
 * SDK retries: the caller sees the second answer.
 */
export function resendingWrites(documents: DynamoDBDocumentClient, isWrite: (command: unknown) => boolean) {
  return {
    send: async (command: unknown) => {
      if (isWrite(command)) await documents.send(command as never);
      return documents.send(command as never);
    },
  } as unknown as DynamoDBDocumentClient;
}
