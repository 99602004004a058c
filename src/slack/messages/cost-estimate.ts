import type { KnownBlock } from '@slack/types';
import type { PricedEstimate } from '../cost/pricing.ts';
import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, formatCount, formatPrice } from '../i18n/format.ts';
import type { SlackMessage } from './message.ts';
import { code, escapeMrkdwn, mrkdwnMessage, raw } from './mrkdwn.ts';

/**
 * What a query would cost (`/odps cost`, and the job card's line): MaxCompute's estimate priced in the
 * configured currency. Figures are formatted in the reader's language; nothing typed by a person is
 * in it but the project name, which is escaped.
 */

export interface CostView {
  readonly project: string;
  readonly estimate: PricedEstimate;
  /** The price of a GB, for the basis line. */
  readonly unitPrice: number;
}

export function costEstimateMessage(view: CostView, t: Translator): SlackMessage {
  const { estimate } = view;
  const figures = costFigures(estimate, t);
  const summary = mrkdwnMessage(t.template('cost.summary'), {
    price: raw(`*${escapeMrkdwn(figures.price)}*`),
    project: raw(code(view.project)),
    input: figures.input,
    complexity: figures.complexity,
  });
  const lines = [summary];
  if (estimate.udfCount > 0)
    lines.push(escapeMrkdwn(t('cost.udfs', { count: formatCount(estimate.udfCount, t.locale) })));
  const basis = t('cost.basis', { unitPrice: formatPrice(view.unitPrice, estimate.currency, t.locale) });
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'cost', text: { type: 'mrkdwn', text: `:abacus: ${lines.join('\n')}` } },
    { type: 'context', block_id: 'cost_basis', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(basis) }] },
  ];
  return { text: escapeMrkdwn(`${t('cost.title')}: ${figures.price}`), blocks };
}

/** The estimate's figures as a reader reads them: `$0.04`, `1.2 GB`, `1.5`. */
export function costFigures(
  estimate: PricedEstimate,
  t: Translator,
): { readonly price: string; readonly input: string; readonly complexity: string } {
  return {
    price: formatPrice(estimate.price, estimate.currency, t.locale),
    input: formatBytes(estimate.inputBytes, t.locale),
    complexity: formatCount(estimate.complexity, t.locale),
  };
}
