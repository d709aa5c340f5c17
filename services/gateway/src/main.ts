import { runService } from '@lexfin/service-kit';
import { gatewayService } from './service';

void runService(gatewayService);
