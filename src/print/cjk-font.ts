import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The CJK font embedded in printed orders: Noto Sans SC (Noto Sans Hans, OFL-1.1), which the npm
 * package @embedpdf/fonts-sc installs with `npm install`, so no system font is needed. PDF readers
 * and printers then show the Chinese exactly as rendered here, whatever fonts they have.
 */
export interface CjkFonts {
  regular: string;
  bold: string;
}

const PACKAGE = '@embedpdf/fonts-sc';

export function cjkFonts(): CjkFonts {
  let dir: string;
  try {
    // The package exports only its index; the fonts sit beside its dist/ folder.
    dir = join(dirname(createRequire(import.meta.url).resolve(PACKAGE)), '..', 'fonts');
  } catch {
    throw new Error(`the Chinese font for printing (npm package ${PACKAGE}) is not installed; run \`npm install\` in the control-room folder`);
  }
  const fonts = { regular: join(dir, 'NotoSansHans-Regular.otf'), bold: join(dir, 'NotoSansHans-Bold.otf') };
  for (const file of Object.values(fonts)) {
    if (!existsSync(file)) throw new Error(`the Chinese font ${file} is missing from ${PACKAGE}; run \`npm install\` again (npm ci) to restore it`);
  }
  return fonts;
}
