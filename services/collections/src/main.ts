import { runService } from '@lexfin/service-kit';
import { collectionsService } from './service';

void runService(collectionsService);
