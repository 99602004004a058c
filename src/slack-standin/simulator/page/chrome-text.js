// The simulator page's own words (its chrome), one table per language. The app's messages come in
// the app's language; these are only the page around them. Same keys in every table (a test checks).

export const CHROME_TEXT = {
  en: {
    pageTitle: 'odps-chatops · Slack simulator',
    workspace: 'Local workspace',
    channels: 'Channels',
    person: 'You are',
    language: 'Page language',
    composerLabel: 'Message',
    composerPlaceholder: 'Message #{channel}, or try /odps run select * from pyodps_iris limit 5',
    composerHint: 'Enter sends · Shift+Enter adds a line · /odps help lists the commands',
    send: 'Send',
    onlyYou: 'Only visible to you',
    edited: '(edited)',
    replies: '{count} replies',
    oneReply: '1 reply',
    thread: 'Thread',
    replyPlaceholder: 'Reply…',
    close: 'Close',
    resizeThread: 'Resize the thread',
    download: 'Download',
    appOffline: 'No app is connected to this simulator yet.',
    cancel: 'Cancel',
    submit: 'Submit',
    sendFailed: 'Slack could not deliver that: {error}',
    unsupported: 'This block type is not shown here: {type}',
    app: 'APP',
    empty: 'No messages yet. Type a slash command below.',
    fileSize: '{size} bytes',
    opensInNewTab: '(opens in a new tab)',
  },
  'zh-CN': {
    pageTitle: 'odps-chatops · Slack 模拟器',
    workspace: '本地工作区',
    channels: '频道',
    person: '当前身份',
    language: '页面语言',
    composerLabel: '消息',
    composerPlaceholder: '发送消息到 #{channel}，或试试 /odps run select * from pyodps_iris limit 5',
    composerHint: '回车发送 · Shift+回车换行 · /odps help 列出全部命令',
    send: '发送',
    onlyYou: '仅你可见',
    edited: '（已编辑）',
    replies: '{count} 条回复',
    oneReply: '1 条回复',
    thread: '话题',
    replyPlaceholder: '回复…',
    close: '关闭',
    resizeThread: '调整话题宽度',
    download: '下载',
    appOffline: '还没有应用连接到此模拟器。',
    cancel: '取消',
    submit: '提交',
    sendFailed: 'Slack 无法投递：{error}',
    unsupported: '此处不显示该类型的区块：{type}',
    app: '应用',
    empty: '还没有消息。在下方输入斜杠命令。',
    fileSize: '{size} 字节',
    opensInNewTab: '（在新标签页打开）',
  },
};

export const LANGUAGES = [
  { tag: 'en', label: 'English' },
  { tag: 'zh-CN', label: '简体中文' },
];

/** The page's language: the last choice, else the browser's, else English. */
export function initialLanguage(stored, browserLanguages) {
  if (stored && Object.hasOwn(CHROME_TEXT, stored)) return stored;
  for (const tag of browserLanguages) {
    if (tag.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function chromeText(language, key, values = {}) {
  const table = CHROME_TEXT[language] ?? CHROME_TEXT.en;
  const template = table[key] ?? CHROME_TEXT.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

const SIZE_UNITS = ['KB', 'MB', 'GB'];

/**
 * A file's size as people read it, and as the app's own comments write it (1024-based, one decimal):
 * "446.8 KB", not "457521 bytes"; under a kilobyte, in bytes.
 */
export function fileSizeText(language, bytes) {
  if (bytes < 1024) return chromeText(language, 'fileSize', { size: new Intl.NumberFormat(language).format(bytes) });
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value)} ${SIZE_UNITS[unit]}`;
}
