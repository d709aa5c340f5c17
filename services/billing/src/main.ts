import { runService } from '@lexfin/service-kit';
import { billingService } from './service';

void runService(billingService);
