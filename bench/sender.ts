/**
 * A minimal Slack-like sender for the high-rate runs: signs with the stand-in's `signSlackRequest`,
 * posts over a keep-alive agent, and times the ack from just before the request is written to the end
 * of the answer. Nothing else runs per request, so the driver is not the bottleneck.
 */
import { Agent, request } from 'node:http';
import { signSlackRequest, type SlackStandin } from '../dev/slack-standin/index.ts';

export interface Ack {
  status: number;
  ms: number;
  body: string;
  /** No answer within the timeout (the request was abandoned), or a socket error. */
  failed: boolean;
  sentAt: number;
}

export class SignedSender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  private readonly target: URL;

  constructor(
    url: string,
    private readonly secret: string,
  ) {
    this.target = new URL(url);
  }

  post(body: string, timeoutMs = 10_000, contentType = 'application/x-www-form-urlencoded'): Promise<Ack> {
    const headers = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signSlackRequest(this.secret, body),
    };
    return new Promise<Ack>((resolve) => {
      const sentAt = performance.now();
      let done = false;
      const finish = (status: number, text: string, failed: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ status, ms: performance.now() - sentAt, body: text, failed, sentAt });
      };
      const req = request(
        { host: this.target.hostname, port: this.target.port, path: this.target.pathname, method: 'POST', headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), false));
          res.on('error', () => finish(res.statusCode ?? 0, '', true));
        },
      );
      const timer = setTimeout(() => {
        finish(0, '', true);
        req.destroy();
      }, timeoutMs);
      req.on('error', () => finish(0, '', true));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The form body Slack posts for `/loan <text>`, with a fresh trigger_id and response_url from the stand-in. */
export function slashBody(slack: SlackStandin, text: string, user: string, channelId: string): string {
  const ws = slack.workspace;
  const u = slack.resolveUser(user);
  const ch = slack.resolveChannel(channelId);
  return new URLSearchParams({
    token: ws.verificationToken,
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: ch.id,
    channel_name: ch.name,
    user_id: u.id,
    user_name: u.name,
    command: '/loan',
    text,
    api_app_id: ws.appId,
    is_enterprise_install: 'false',
    response_url: slack.issueResponseUrl({ userId: u.id, channelId: ch.id }),
    trigger_id: slack.issueTriggerId(u.id),
  }).toString();
}
