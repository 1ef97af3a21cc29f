/**
 * The launch form: live validation with the server's rules, the server's own
 * verdict next to the field it concerns, sold-out flavors, images filtered by
 * flavor, and the keyboard.
 */
import { expect, test } from './fixtures';

test.describe('launch form', () => {
  // Start clean even after a test that could not clean up.
  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.setSoldOut('modelarts.vm.gpu.t4', false);
    await modelarts.deleteAllInstances();
  });

  test('every control has its accessible name', async ({ modelarts }) => {
    await modelarts.open();
    await expect(modelarts.sidebarTab).toHaveAttribute('title', 'ModelArts');
    for (const control of [
      modelarts.flavorGroup,
      modelarts.imageGroup,
      modelarts.nameInput,
      modelarts.storageSelect,
      modelarts.autoStopSelect,
      modelarts.launchButton
    ]) {
      await expect(control).toBeVisible();
    }
    await expect(modelarts.autoStopSelect).toHaveValue('TIMING:3600000');
    await expect(modelarts.nameInput).toHaveValue(/^notebook-\d+$/);
  });

  test('a name that breaks the rules is refused next to the Name field', async ({
    modelarts
  }) => {
    await modelarts.open();
    await modelarts.nameInput.fill('my notebook!');
    await expect(modelarts.fieldMessage('name')).toHaveText(/letters, digits/);
    await expect(modelarts.nameInput).toHaveAttribute('aria-invalid', 'true');
    await expect(modelarts.launchButton).toBeDisabled();
    const field = modelarts.panel.locator(
      '[data-field="jp-ModelArts-launch-name"]'
    );
    expect(await field.screenshot()).toMatchSnapshot('field-invalid-name.png');

    await modelarts.nameInput.fill('my-notebook');
    await expect(modelarts.fieldMessage('name')).toHaveText('');
    await expect(modelarts.launchButton).toBeEnabled();
  });

  test.describe('refused by the server', () => {
    test.use({
      expectedErrors: [
        { text: /status of (400|409)/, url: /\/modelarts\/notebooks/ }
      ]
    });

    test("the server's refusal shows next to the field it concerns", async ({
      modelarts
    }) => {
      await modelarts.open();
      await modelarts.fillLaunchForm({
        flavor: 'modelarts.vm.gpu.t4',
        name: 'too-late'
      });
      // Sold out after the form was filled: only the server can know.
      await modelarts.setSoldOut('modelarts.vm.gpu.t4', true);
      await modelarts.launchButton.click();
      await expect(modelarts.fieldMessage('flavor')).toContainText(
        /sold out/i,
        { timeout: 30_000 }
      );
      await expect(modelarts.flavorGroup).toHaveAttribute(
        'aria-invalid',
        'true'
      );
      await expect(modelarts.instanceRow('too-late')).toHaveCount(0);
    });
  });

  test('a sold-out flavor cannot be chosen, by mouse or keyboard', async ({
    modelarts
  }) => {
    await modelarts.open();
    const a100 = modelarts.flavor('modelarts.vm.gpu.a100');
    await expect(a100).toBeDisabled();
    await expect(
      modelarts.flavorGroup.locator('[data-flavor="modelarts.vm.gpu.a100"]')
    ).toContainText('Sold out');
    await modelarts.flavorGroup
      .locator('[data-flavor="modelarts.vm.gpu.a100"]')
      .click({ force: true });
    await expect(a100).not.toBeChecked();

    // Arrow keys move through the flavors and skip the sold-out one.
    await modelarts.chooseFlavor('modelarts.bm.gpu.v100NV32');
    await modelarts.flavor('modelarts.bm.gpu.v100NV32').focus();
    await modelarts.page.keyboard.press('ArrowDown');
    await expect(modelarts.flavor('modelarts.bm.snt9.xlarge.1')).toBeChecked();
    await expect(a100).not.toBeChecked();
  });

  test('only images that run on the chosen flavor are offered, and can be searched', async ({
    modelarts
  }) => {
    await modelarts.open();
    await modelarts.chooseFlavor('modelarts.vm.cpu.8u');
    const cpu = await modelarts.imageNames();
    expect(cpu).toContain('mindspore1.7.0-py3.7-ubuntu18.04');
    expect(cpu).not.toContain('mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04');

    await modelarts.chooseFlavor('modelarts.vm.gpu.t4');
    await expect
      .poll(() => modelarts.imageNames())
      .toContain('mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04');
    expect(await modelarts.imageNames()).not.toContain(
      'mindspore1.7.0-py3.7-ubuntu18.04'
    );

    await modelarts.chooseFlavor('modelarts.bm.snt9.xlarge.1');
    await expect
      .poll(() => modelarts.imageNames())
      .toEqual([
        'tensorflow1.15-mindspore1.7.0-cann5.1.0-euler2.8-aarch64',
        'mindstudio5.0.rc1-cann5.1.0-euler2.8.3-aarch64'
      ]);
    // Ascend flavors offer EFS storage only.
    await expect(modelarts.storageSelect).toHaveValue('EFS');

    await modelarts.chooseFlavor('modelarts.vm.gpu.t4');
    await modelarts.panel.getByLabel('Search images').fill('tensorflow cuda');
    await expect
      .poll(() => modelarts.imageNames())
      .toContain('tensorflow2.1-cuda10.1-cudnn7-ubuntu18.04');
    // The chosen image stays listed; nothing else that does not match.
    expect(
      (await modelarts.imageNames()).filter(name =>
        name.startsWith('mindspore')
      )
    ).toEqual([]);
  });

  test('the form works from the keyboard alone', async ({ modelarts }) => {
    await modelarts.open();
    await modelarts.nameInput.fill('keyboard-nb');
    await modelarts.nameInput.press('Enter');
    await expect(modelarts.instanceRow('keyboard-nb')).toBeVisible();
    await expect(modelarts.nameInput).not.toHaveValue('keyboard-nb');
  });
});
