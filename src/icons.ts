import { LabIcon } from '@jupyterlab/ui-components';

/**
 * The ModelArts icon: a cloud over a chip. `jp-icon3` / `jp-icon-accent0`
 * fills follow the theme (light, dark, high contrast).
 */
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M7.5 10.5a4.5 4.5 0 0 1 8.7-1.6A3.5 3.5 0 1 1 17.5 16H7a3 3 0 0 1-.4-6 4.6 4.6 0 0 1 .9.5z" opacity=".35"/>
    <rect x="8" y="12" width="8" height="8" rx="1.2"/>
    <path class="jp-icon3" style="fill:none" stroke="#616161" stroke-width="1.2" stroke-linecap="round" d="M9.5 10.5v1.5M12 10.5v1.5M14.5 10.5v1.5M9.5 20v1.5M12 20v1.5M14.5 20v1.5M6.5 14.5H8M6.5 17.5H8M16 14.5h1.5M16 17.5h1.5"/>
  </g>
  <rect class="jp-icon-accent0" fill="#fff" x="10.2" y="14.2" width="3.6" height="3.6" rx=".5"/>
</svg>`;

export const modelartsIcon = new LabIcon({
  name: 'jupyter-modelarts:logo',
  svgstr
});
