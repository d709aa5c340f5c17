import { runService } from '@lexfin/service-kit';
import { creditAssessmentService } from './service';

void runService(creditAssessmentService);
