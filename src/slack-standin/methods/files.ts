import { stringArg } from '../request-body.ts';
import { type Args, compact, failure, type MethodHandler } from './context.ts';

/** The upload step's URL: on the stand-in, outside /api/, as Slack's is outside slack.com/api. */
export function uploadUrl(origin: string, fileId: string): string {
  return `${origin}/upload/${fileId}`;
}

const getUploadUrlExternal: MethodHandler = (args, context) => {
  const filename = stringArg(args, 'filename');
  const length = Number(stringArg(args, 'length'));
  if (filename === undefined || !Number.isInteger(length) || length < 0) return failure('invalid_arguments');
  const fileId = context.files.reserve(filename, length);
  return { ok: true, upload_url: uploadUrl(context.identity.origin, fileId), file_id: fileId };
};

interface FileRef {
  id: string;
  title?: string;
}

function fileRefs(args: Args): FileRef[] | undefined {
  if (!Array.isArray(args.files) || args.files.length === 0) return undefined;
  const refs: FileRef[] = [];
  for (const item of args.files as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { id, title } = item as Record<string, unknown>;
    if (typeof id !== 'string') return undefined;
    refs.push(compact({ id, title: typeof title === 'string' ? title : undefined }));
  }
  return refs;
}

/**
 * Shares the uploaded files. With channel_id they appear as one file message (in the thread when
 * thread_ts is given, with initial_comment as its text); without it they stay private, like Slack.
 */
const completeUploadExternal: MethodHandler = (args, context) => {
  const refs = fileRefs(args);
  if (refs === undefined) return failure('invalid_arguments');
  if (refs.some((ref) => !context.files.isReady(ref.id))) return failure('file_not_found');
  const channelId = stringArg(args, 'channel_id');
  const threadTs = stringArg(args, 'thread_ts');
  if (threadTs !== undefined && channelId === undefined) return failure('invalid_arguments');
  const initialComment = stringArg(args, 'initial_comment');
  const rootTs =
    channelId !== undefined && threadTs !== undefined ? context.messages.threadRoot(channelId, threadTs) : undefined;
  const files = refs.map((ref) =>
    context.files.complete(ref.id, compact({ title: ref.title, channelId, threadTs: rootTs, initialComment })),
  );
  if (channelId !== undefined) {
    context.messages.add(
      compact({
        channel: channelId,
        user: context.identity.botUserId,
        text: initialComment,
        threadTs: rootTs,
        files: files.map((file) => file.id),
      }),
    );
  }
  return {
    ok: true,
    files: files.map((file) =>
      compact({ id: file.id, name: file.filename, title: file.title ?? file.filename, size: file.content.length }),
    ),
  };
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrlExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
