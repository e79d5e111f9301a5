// Preloaded into a service by the benchmarks (`node -r dist/bench/support/cpu-profiler.js`) to profile a measured
// window only: the first SIGWINCH starts V8's CPU profiler, the second writes the profile to CPU_PROFILE_PATH (Nest shuts down
// on SIGUSR2, and Node keeps SIGUSR1 for its inspector; SIGWINCH is otherwise ignored).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const target = process.env.CPU_PROFILE_PATH;
if (target !== undefined) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on('SIGWINCH', () => {
    if (!profiling) {
      profiling = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    profiling = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
