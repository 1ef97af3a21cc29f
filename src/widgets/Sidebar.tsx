import type { ITranslator, TranslationBundle } from '@jupyterlab/translation';
import {
  addIcon,
  ReactWidget,
  refreshIcon,
  SidePanel,
  ToolbarButton
} from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import type { Message } from '@lumino/messaging';
import { Signal } from '@lumino/signaling';
import type { AccordionPanel } from '@lumino/widgets';
import React from 'react';

import type { CatalogModel } from '../catalog';
import { Header } from '../components/Header';
import { InstanceList } from '../components/InstanceList';
import { ILaunchFormProps, LaunchForm } from '../components/LaunchForm';
import { modelartsIcon } from '../icons';
import type { LeaseClock } from '../leaseClock';
import type { InstancesModel } from '../model';
import { CommandIDs } from '../tokens';

/** The id of the sidebar panel (also its key in the layout restorer). */
export const PANEL_ID = 'jp-ModelArts-panel';

/**
 * The ModelArts sidebar: a header with the connection state, a toolbar
 * (refresh, launch) and two sections, Launch and Instances, shown once the
 * server extension answers and ModelArts is configured.
 *
 * It tells the model when it is visible, so the poll stands by while the panel
 * is hidden and nothing changes, and refreshes as soon as it is shown again.
 */
export class ModelArtsPanel extends SidePanel {
  constructor(options: ModelArtsPanel.IOptions) {
    const trans = options.translator.load('jupyter_modelarts');
    super({ translator: options.translator });
    this._model = options.model;
    this._bundle = trans;
    this.id = PANEL_ID;
    this.addClass('jp-ModelArts-panel');
    this.title.icon = modelartsIcon;
    this.title.caption = trans.__('ModelArts');

    const header = ReactWidget.create(
      <Header model={options.model} trans={trans} />
    );
    header.addClass('jp-ModelArts-headerWidget');
    this.header.addWidget(header);
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: trans.__('Refresh instances and catalogue'),
        onClick: () => void options.commands.execute(CommandIDs.refresh)
      })
    );
    this.toolbar.addItem(
      'launch',
      new ToolbarButton({
        icon: addIcon,
        tooltip: trans.__('Launch a notebook instance'),
        onClick: () => this.showLaunchForm()
      })
    );

    this._launch = ReactWidget.create(
      <LaunchForm
        catalog={options.catalog}
        model={options.model}
        trans={trans}
        remembered={options.remembered}
        onLaunch={async (request, choices) => {
          await options.onLaunch(request, choices);
          this._expand(this._instances);
        }}
        focusRequests={this._focusRequests}
      />
    );
    this._launch.addClass('jp-ModelArts-section');
    this._launch.title.label = trans.__('Launch');
    this._instances = ReactWidget.create(
      <InstanceList
        model={options.model}
        clock={options.clock}
        commands={options.commands}
        trans={trans}
      />
    );
    this._instances.addClass('jp-ModelArts-section');
    this._instances.title.label = trans.__('Instances');
    this.addWidget(this._launch);
    this.addWidget(this._instances);
    // The form is the longer of the two: give it most of the height.
    (this.content as AccordionPanel).setRelativeSizes([2, 1]);

    this._model.changed.connect(this._sync, this);
    this._sync();
  }

  /** Show and expand the launch form and give it the keyboard focus. */
  showLaunchForm(): void {
    this._expand(this._launch);
    // After the section is laid out, so the focused control is visible.
    requestAnimationFrame(() => this._focusRequests.emit());
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._model.changed.disconnect(this._sync, this);
    Signal.clearData(this);
    super.dispose();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._model.panelVisible = true;
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._model.panelVisible = false;
  }

  private _expand(widget: ReactWidget): void {
    const accordion = this.content as AccordionPanel;
    const index = accordion.widgets.indexOf(widget);
    if (index >= 0 && !widget.isVisible) {
      accordion.expand(index);
    }
  }

  /** The sections only make sense once ModelArts can be reached. */
  private _sync(): void {
    const ready = this._model.connection.kind === 'ready';
    this.content.setHidden(!ready);
    // Refresh and launch cannot help until the server part works and is configured.
    this.toolbar.setHidden(!ready);
    this.node.dataset.state = this._model.connection.kind;
    this.content.node.setAttribute('aria-label', this._bundle.__('ModelArts'));
  }

  private _model: InstancesModel;
  private _bundle: TranslationBundle;
  private _launch: ReactWidget;
  private _instances: ReactWidget;
  private _focusRequests = new Signal<this, void>(this);
}

export namespace ModelArtsPanel {
  export interface IOptions {
    model: InstancesModel;
    catalog: CatalogModel;
    clock: LeaseClock;
    commands: CommandRegistry;
    translator: ITranslator;
    /** The remembered launch choices. */
    remembered: ILaunchFormProps['remembered'];
    /** Launch from the form (notifications, remembering choices). */
    onLaunch: ILaunchFormProps['onLaunch'];
  }
}
