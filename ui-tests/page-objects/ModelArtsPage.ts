/**
 * Page object of the ModelArts sidebar, in the spirit of jupyter-scheduler's
 * SchedulerHelper: selectors in one place, documented locators, and actions
 * that read like the user's story. Waits are generous (a loaded 2-core machine
 * starts real JupyterLab instances) and never fixed sleeps.
 */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { APIResponse, Locator } from '@playwright/test';

export enum SELECTORS {
  SIDEBAR_TAB = '.jp-SideBar [data-id="jp-ModelArts-panel"]',
  PANEL = '#jp-ModelArts-panel',
  HEADER = '.jp-ModelArts-header',
  INSTANCE = '.jp-ModelArts-instance',
  LEASE = '.jp-ModelArts-lease',
  STEPS = '.jp-ModelArts-steps',
  FAILURE = '.jp-ModelArts-failure',
  STATUS_ITEM = '.jp-ModelArts-status',
  TOAST = '.Toastify__toast',
  DIALOG = '.jp-Dialog'
}

/** How long to wait for an instance to reach a status (real JupyterLab starts included). */
export const STATUS_TIMEOUT = 180_000;

/** Options of {@link ModelArtsPage.fillLaunchForm}; unset fields keep the form's defaults. */
export interface ILaunchOptions {
  /** Flavor id, e.g. modelarts.vm.cpu.2u. */
  flavor?: string;
  /** Image name (the form's first compatible image when unset). */
  image?: string;
  name?: string;
  /** EVS size in GB. */
  capacity?: number;
  /** A label of the Auto-stop list, e.g. "After 2 h". */
  autoStop?: string;
}

export class ModelArtsPage {
  constructor(readonly page: IJupyterLabPageFixture) {}

  /** The ModelArts tab of the left sidebar. */
  get sidebarTab(): Locator {
    return this.page.locator(SELECTORS.SIDEBAR_TAB);
  }

  /** The whole sidebar panel. */
  get panel(): Locator {
    return this.page.locator(SELECTORS.PANEL);
  }

  /** The header: title, connection state, quota. */
  get header(): Locator {
    return this.panel.locator(SELECTORS.HEADER);
  }

  /** The Flavor radio group of the launch form. */
  get flavorGroup(): Locator {
    return this.panel.getByRole('radiogroup', { name: 'Flavor' });
  }

  /** The Image radio group (only images compatible with the chosen flavor). */
  get imageGroup(): Locator {
    return this.panel.getByRole('radiogroup', { name: 'Image' });
  }

  get nameInput(): Locator {
    return this.panel.getByLabel('Name', { exact: true });
  }

  get storageSelect(): Locator {
    return this.panel.getByLabel('Storage', { exact: true });
  }

  get autoStopSelect(): Locator {
    return this.panel.getByLabel('Auto-stop', { exact: true });
  }

  get launchButton(): Locator {
    return this.panel.getByRole('button', { name: 'Launch', exact: true });
  }

  /** The radio of one flavor, by id. */
  flavor(id: string): Locator {
    return this.flavorGroup.getByRole('radio', {
      name: new RegExp(id.replace(/\./g, '\\.'))
    });
  }

  /** The image names currently offered. */
  async imageNames(): Promise<string[]> {
    await expect(this.imageGroup.getByRole('radio').first()).toBeVisible({
      timeout: 30_000
    });
    return this.imageGroup
      .locator('label[data-image-name]')
      .evaluateAll(labels =>
        labels.map(label => label.getAttribute('data-image-name') ?? '')
      );
  }

  /** The error (or hint) shown under a form field, by its control id suffix (name, flavor...). */
  fieldMessage(field: string): Locator {
    return this.panel.locator(`#jp-ModelArts-launch-${field}-message`);
  }

  /** The row of an instance, by name. */
  instanceRow(name: string): Locator {
    return this.panel.locator(`${SELECTORS.INSTANCE}[data-name="${name}"]`);
  }

  /** A row's action button ("Open", "Stop"...). */
  action(name: string, label: string): Locator {
    return this.instanceRow(name).getByRole('button', {
      name: label,
      exact: true
    });
  }

  /** The status bar item (shown while an instance runs). */
  get statusItem(): Locator {
    return this.page.locator(SELECTORS.STATUS_ITEM);
  }

  /** A notification toast containing `text`. */
  toast(text: string | RegExp): Locator {
    return this.page.locator(SELECTORS.TOAST).filter({ hasText: text });
  }

  /** The open dialog. */
  get dialog(): Locator {
    return this.page.locator(SELECTORS.DIALOG);
  }

  /** Show the panel and wait until it is connected and the form has a flavor and an image. */
  async open(): Promise<void> {
    if (!(await this.panel.isVisible())) {
      await this.sidebarTab.click();
    }
    await expect(this.panel).toBeVisible();
    await expect(this.header).toContainText('Connected', { timeout: 60_000 });
    await expect(
      this.flavorGroup.getByRole('radio', { checked: true })
    ).toBeVisible({ timeout: 60_000 });
    await expect(
      this.imageGroup.getByRole('radio', { checked: true })
    ).toBeVisible({ timeout: 60_000 });
  }

  /** Choose a flavor and wait for its images to be offered (one of them chosen). */
  async chooseFlavor(id: string): Promise<void> {
    await this.flavor(id).check();
    await expect(this.flavor(id)).toBeChecked();
    await expect(
      this.imageGroup.getByRole('radio', { checked: true })
    ).toBeVisible({ timeout: 60_000 });
  }

  /** Fill the launch form; fields left out keep their defaults. */
  async fillLaunchForm(options: ILaunchOptions = {}): Promise<void> {
    if (options.flavor) {
      await this.chooseFlavor(options.flavor);
    }
    if (options.image) {
      await this.imageGroup
        .getByRole('radio', { name: new RegExp(options.image) })
        .check();
    }
    if (options.name !== undefined) {
      await this.nameInput.fill(options.name);
    }
    if (options.capacity !== undefined) {
      await this.panel
        .getByLabel('Storage size (GB)')
        .fill(String(options.capacity));
    }
    if (options.autoStop) {
      await this.autoStopSelect.selectOption({ label: options.autoStop });
    }
  }

  /** Fill the form and press Launch; the row shows at once. */
  async launch(options: ILaunchOptions & { name: string }): Promise<Locator> {
    await this.fillLaunchForm(options);
    await this.launchButton.click();
    const row = this.instanceRow(options.name);
    await expect(row).toBeVisible();
    return row;
  }

  /** Wait until the instance `name` shows `status` (e.g. RUNNING). */
  async waitForStatus(
    name: string,
    status: string,
    timeout = STATUS_TIMEOUT
  ): Promise<void> {
    await expect(this.instanceRow(name)).toHaveAttribute(
      'data-status',
      status,
      { timeout }
    );
  }

  /** Press a dialog button by its label. */
  async dialogButton(label: string): Promise<void> {
    await this.dialog.getByRole('button', { name: label, exact: true }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  /** Call the simulator's control API through the test-only helper route. */
  async simulator(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    data?: object
  ): Promise<APIResponse> {
    const response = await this.page.request.fetch(
      `modelarts-test/sim/${path}`,
      { method, data }
    );
    expect(response.ok(), await response.text()).toBe(true);
    return response;
  }

  /** Move the simulator's virtual clock forward (leases run on it). */
  async advanceClock(milliseconds: number): Promise<void> {
    await this.simulator('POST', 'clock', { advance_ms: milliseconds });
  }

  /** Mark a flavor sold out, or available again. */
  async setSoldOut(flavor: string, soldOut: boolean): Promise<void> {
    await this.simulator('PUT', `flavors/${flavor}`, { sold_out: soldOut });
  }

  /**
   * Delete every instance through the REST API and wait until they are gone.
   * An instance in the middle of a start or stop refuses deletion (409): it is
   * asked again on the next round.
   */
  async deleteAllInstances(): Promise<void> {
    await expect
      .poll(
        async () => {
          const response = await this.page.request.get(
            'modelarts/notebooks?limit=50'
          );
          const items = (
            (await response.json()) as {
              items: { id: string; status: string }[];
            }
          ).items;
          for (const item of items.filter(i => i.status !== 'DELETING')) {
            await this.page.request.delete(`modelarts/notebooks/${item.id}`);
          }
          return items.length;
        },
        { timeout: STATUS_TIMEOUT, intervals: [1_000] }
      )
      .toBe(0);
  }
}
