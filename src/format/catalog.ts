/**
 * How flavors and images are grouped and summarised in the pickers. Pure.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type { IFlavorView, IImageView } from '../contract';

/** Picker groups in display order; anything else lands in "Other". */
export const CATEGORY_ORDER = ['CPU', 'GPU', 'ASCEND'] as const;

export interface IFlavorGroup {
  /** CPU, GPU, ASCEND or OTHER. */
  category: string;
  /** The group's heading. */
  label: string;
  flavors: IFlavorView[];
}

/** The heading of a flavor category ("CPU", "GPU", "Ascend"). */
export function categoryLabel(
  category: string,
  trans: TranslationBundle
): string {
  switch (category) {
    case 'CPU':
      return trans.__('CPU');
    case 'GPU':
      return trans.__('GPU');
    case 'ASCEND':
      return trans.__('Ascend');
    default:
      return trans.__('Other');
  }
}

/**
 * Flavors grouped CPU, GPU, Ascend (then other), each group ordered as the
 * server sent it; empty groups are left out.
 */
export function groupFlavors(
  flavors: readonly IFlavorView[],
  trans: TranslationBundle
): IFlavorGroup[] {
  const known: readonly string[] = CATEGORY_ORDER;
  const groups = new Map<string, IFlavorView[]>();
  for (const flavor of flavors) {
    const raw = (flavor.category ?? '').toUpperCase();
    const category = known.includes(raw) ? raw : 'OTHER';
    groups.set(category, [...(groups.get(category) ?? []), flavor]);
  }
  return [...known, 'OTHER']
    .filter(category => groups.has(category))
    .map(category => ({
      category,
      label: categoryLabel(category, trans),
      flavors: groups.get(category) ?? []
    }));
}

/** "8 vCPU · 32 GiB · 1 × NVIDIA-T4 (16GiB)": what a flavor gives. */
export function flavorSummary(
  flavor: IFlavorView,
  trans: TranslationBundle
): string {
  const parts: string[] = [];
  if (flavor.vcpus) {
    parts.push(trans.__('%1 vCPU', flavor.vcpus));
  }
  if (flavor.memory_gib) {
    parts.push(trans.__('%1 GiB', Number(flavor.memory_gib.toFixed(1))));
  }
  const accelerator = flavor.accelerator;
  if (accelerator) {
    const kind = accelerator.kind === 'NPU' ? trans.__('NPU') : trans.__('GPU');
    const name = accelerator.type ? `${accelerator.type}` : kind;
    const memory = accelerator.memory ? ` (${accelerator.memory})` : '';
    parts.push(`${accelerator.count ?? 1} × ${name}${memory}`);
  }
  return parts.join(' · ');
}

/** The flavor's display name: its name, else its id. */
export function flavorTitle(flavor: IFlavorView): string {
  return flavor.name || flavor.id;
}

/** `name:tag` of an image (or its id when it has no name). */
export function imageLabel(image: {
  id?: string | null;
  name?: string | null;
  tag?: string | null;
}): string {
  if (!image.name) {
    return image.id ?? '';
  }
  return image.tag ? `${image.name}:${image.tag}` : image.name;
}

/** Images whose name, tag or description contains every word of `search`. */
export function searchImages(
  images: readonly IImageView[],
  search: string
): IImageView[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return [...images];
  }
  return images.filter(image => {
    const text =
      `${imageLabel(image)} ${image.description ?? ''}`.toLowerCase();
    return words.every(word => text.includes(word));
  });
}

/** Whether `image` can serve SSH (its dev_services list it). */
export function supportsSsh(image: IImageView | undefined): boolean {
  return (image?.dev_services ?? []).some(s => s.toUpperCase() === 'SSH');
}
