import { refreshCard } from '../card-refresh.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { handleCommand, WORKER_BUDGET_MS } from '../commands/index.ts';
import { stopInstance } from '../commands/stop.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { deliver } from './deliver.ts';
import { EXPORT_BUDGET_MS, exportJob } from './export-job.ts';
import { heldRunJob } from './held-run-job.ts';
import { runJob } from './run-job.ts';

/** Does what the Slack acknowledgement handed off. Each kind is safe to receive twice. */
export class SlackWorker {
  readonly #deps: FrontDoorDeps;

  constructor(deps: FrontDoorDeps) {
    this.#deps = deps;
  }

  async handle(job: WorkerJob): Promise<void> {
    const deps = this.#deps;
    const signal = AbortSignal.timeout(WORKER_BUDGET_MS);
    switch (job.kind) {
      case 'run':
        return runJob(job, deps, signal);
      case 'command': {
        const { reply } = await handleCommand({ origin: job.origin, text: job.text }, deps, 'worker');
        if (reply.kind === 'ephemeral' || reply.kind === 'in_channel') {
          await deliver(deps, job.origin, reply.message, reply.kind === 'in_channel');
        }
        return;
      }
      case 'stop': {
        const t = translator(job.origin.userLocale as Locale);
        const message = await stopInstance(job, job.origin, deps, t, signal);
        await deliver(deps, job.origin, message);
        return;
      }
      case 'refresh':
        await refreshCard(job, job.origin.userId, deps, signal);
        return;
      case 'export':
        return exportJob(job, deps, AbortSignal.timeout(EXPORT_BUDGET_MS));
      case 'held-run':
        return heldRunJob(job.requestId, deps, signal);
    }
  }
}
