import type { App } from '@slack/bolt';
import type { FrontDoorDeps } from './commands/context.ts';
import { registerExportCancelButton } from './listeners/export-cancel-button.ts';
import { registerListNextButton } from './listeners/list-next-button.ts';
import { registerLogviewButton } from './listeners/logview-button.ts';
import { registerOdpsCommand } from './listeners/odps-command.ts';
import { registerRefreshButton } from './listeners/refresh-button.ts';
import { registerRunDecisionButton } from './listeners/run-decision-button.ts';
import { registerRunModal } from './listeners/run-modal.ts';
import { registerStopButton } from './listeners/stop-button.ts';

/**
 * Registers the /odps command, the job card's buttons and the SQL modal on a Bolt app, one listener
 * per file (src/slack/listeners/). Every listener finishes within the acknowledgement budget: on
 * Lambda the HTTP answer leaves only when the listener returns, so slow work is handed to the
 * worker instead of being awaited here.
 */
export function registerFrontDoor(app: App, deps: FrontDoorDeps): void {
  registerOdpsCommand(app, deps);
  registerStopButton(app, deps);
  registerRefreshButton(app, deps);
  registerListNextButton(app, deps);
  registerLogviewButton(app);
  registerExportCancelButton(app, deps);
  registerRunModal(app, deps);
  registerRunDecisionButton(app, deps);
}
