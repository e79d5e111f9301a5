import { Controller, Get, Inject } from '@nestjs/common';
import type { z } from 'zod';
import { ApiRoute } from '@cleanwire/http';
import { OffsetSampler } from '@cleanwire/pipeline-monitor';
import { GroupsAnswer } from './monitor-api';

@Controller('v1/groups')
export class GroupsController {
  constructor(@Inject(OffsetSampler) private readonly sampler: OffsetSampler) {}

  @Get()
  @ApiRoute({
    summary: 'Every consumer group: state, members, lag per partition in messages and seconds, Burrow-style status',
    description:
      'OK; WARNING when the lag grows while the group moves; STALLED when a partition with lag does not move while the ' +
      'group commits elsewhere; STOPPED when the group commits nowhere. Judged over MONITOR_WINDOW_SAMPLES samples.',
    responses: { 200: { description: 'The newest sample', schema: GroupsAnswer } },
  })
  async groups(): Promise<z.infer<typeof GroupsAnswer>> {
    const latest = await this.sampler.latest();
    return { sampledAt: new Date(latest.at).toISOString(), groups: latest.groups };
  }
}
