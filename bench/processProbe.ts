/**
 * Preloaded (`node --import`) into both bots the bench starts, so both are measured the same way: on SIGUSR2 it
 * prints the process's memory and the CPU time it has used so far as one line on stderr, numbered so the bench can
 * tell successive answers apart. CPU time per turn is what a turn costs whatever else runs on the machine, where
 * latency and throughput also measure the neighbours. A signal listener does not keep the process alive, and
 * neither bot uses SIGUSR2.
 */
let answers = 0;
process.on('SIGUSR2', () => {
  answers += 1;
  const { rss, heapUsed } = process.memoryUsage();
  const { user, system } = process.cpuUsage();
  process.stderr.write(`bench-probe ${answers} ${JSON.stringify({ rss, heapUsed, cpuMicros: user + system })}\n`);
});
