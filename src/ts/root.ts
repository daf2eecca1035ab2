import * as ko from 'knockout';
import { whenDocumentReady } from 'ojs/ojbootstrap';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JET types ojcontext as `export =`: TypeScript's import for that under module amd (https://www.typescriptlang.org/docs/handbook/modules/reference.html#export--and-import--require)
import Context = require('ojs/ojcontext');
import 'ojs/ojknockout';
import 'oj-c/button';
import { ToolbarViewModel } from './toolbarViewModel';
import { startToolbar } from './toolbarApp';
import { messageOf } from './cti/core/errors';

void whenDocumentReady().then(() => {
  const view = new ToolbarViewModel();
  ko.applyBindings(view, document.getElementById('toolbar'));
  Context.getPageContext().getBusyContext().applicationBootstrapComplete();
  startToolbar(view).catch((err: unknown) => {
    view.showStartupError(`The toolbar stopped: ${messageOf(err)}`);
  });
});
