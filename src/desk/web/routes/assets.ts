import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** The project's folder: the nearest one up from here with a package.json (from src/ and from dist/ alike). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/**
 * The pages' scripts and styles, served from this machine (the desk's users may have no internet):
 * htmx and ECharts from node_modules, the desk's own CSS and script from screens/web/assets.
 * Read once at start; versioned by the package, so browsers may keep them a day.
 */
const FILES: Record<string, { path: () => string; type: string }> = {
  'htmx.min.js': { path: () => require.resolve('htmx.org/dist/htmx.min.js'), type: 'text/javascript' },
  'echarts.min.js': { path: () => require.resolve('echarts/dist/echarts.min.js'), type: 'text/javascript' },
  'desk.css': { path: () => join(projectRoot(), 'screens/web/assets/desk.css'), type: 'text/css' },
  'print.css': { path: () => join(projectRoot(), 'screens/web/assets/print.css'), type: 'text/css' },
  'desk.js': { path: () => join(projectRoot(), 'screens/web/assets/desk.js'), type: 'text/javascript' },
};

export function assetRoutes(app: FastifyInstance): void {
  const loaded = new Map(Object.entries(FILES).map(([name, f]) => [name, { bytes: readFileSync(f.path()), type: f.type }]));
  app.get<{ Params: { name: string } }>('/assets/:name', { config: { public: true } }, async (req, reply) => {
    const file = loaded.get(req.params.name);
    if (!file) return reply.code(404).type('text/plain').send('no such asset');
    return reply.type(`${file.type}; charset=utf-8`).header('cache-control', 'public, max-age=86400').send(file.bytes);
  });
}
