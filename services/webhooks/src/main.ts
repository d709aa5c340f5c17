import { runService } from '@lexfin/service-kit';
import { webhooksService } from './service';

void runService(webhooksService);
