import { inlineConfigOrNothing, startLaunchOfPage } from './viewer-launch.ts';

/**
 * The first script of a viewer page (the gateway adds it, server/http/index-html.ts): starts the launch's
 * lookups and first frames while the app's own script is still on its way.
 */
startLaunchOfPage(inlineConfigOrNothing());
