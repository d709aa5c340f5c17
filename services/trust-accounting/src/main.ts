import { runService } from '@lexfin/service-kit';
import { trustAccountingService } from './service';

void runService(trustAccountingService);
