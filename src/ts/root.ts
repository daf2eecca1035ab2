import * as ko from 'knockout';
import { whenDocumentReady } from 'ojs/ojbootstrap';
import Context = require('ojs/ojcontext');
import 'ojs/ojknockout';
import 'oj-c/button';
import { ToolbarViewModel } from './appController';
import { startToolbar } from './toolbarApp';
import { messageOf } from './cti/core/integrationEventsHandler';

whenDocumentReady().then(() => {
  const view = new ToolbarViewModel();
  ko.applyBindings(view, document.getElementById('toolbar'));
  Context.getPageContext().getBusyContext().applicationBootstrapComplete();
  startToolbar(view).catch((err: unknown) => {
    view.showStartupError(`The toolbar stopped: ${messageOf(err)}`);
  });
});
