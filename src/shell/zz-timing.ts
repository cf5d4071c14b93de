const t0 = performance.now();
const lap = (l: string) => console.log(l, Math.round(performance.now() - t0));
lap('start');
await import('/work/main/src/slack-standin/index.ts'); lap('standin imported');
await import('@slack/bolt'); lap('bolt imported');
await import('/work/main/src/app.ts'); lap('app imported');
const { bootLoanbot } = await import('/work/main/src/shell/boot.ts'); lap('boot imported');
const b = await bootLoanbot(); lap('booted');
await b.stop(); lap('stopped');
