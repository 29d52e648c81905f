import { ErrorBox, Loading } from '@teppan/web-ui';
import { Navigate, useParams } from 'react-router';
import { useSettings, type LoadedSettings } from '../settings.ts';
import { AgreementStep } from './book/agreement-step.tsx';
import { AllergensStep } from './book/allergens-step.tsx';
import { ConfirmationStep } from './book/confirmation-step.tsx';
import { ContactStep } from './book/contact-step.tsx';
import { DateStep } from './book/date-step.tsx';
import { DepositStep } from './book/deposit-step.tsx';
import { MenuStep } from './book/menu-step.tsx';
import { isStep, Progress, type StepId } from './book/step-form.tsx';
import { VenueStep } from './book/venue-step.tsx';

// The booking wizard: one route, /book/:step, one component per step under ./book/.

export function BookPage() {
  const { step } = useParams();
  const settings = useSettings();
  if (!isStep(step)) return <Navigate to="/book/venue" replace />;
  if (settings.isPending) return <Loading label="Loading…" />;
  if (settings.error)
    return <ErrorBox error={settings.error} title="The booking form could not be loaded" />;
  return <Wizard step={step} settings={settings.data} />;
}

function Wizard({ step, settings }: { step: StepId; settings: LoadedSettings }) {
  return (
    <>
      <Progress step={step} />
      <StepBody step={step} settings={settings} />
    </>
  );
}

function StepBody({ step, settings }: { step: StepId; settings: LoadedSettings }) {
  switch (step) {
    case 'venue':
      return <VenueStep />;
    case 'date':
      return <DateStep settings={settings} />;
    case 'menu':
      return <MenuStep settings={settings} />;
    case 'allergens':
      return <AllergensStep />;
    case 'contact':
      return <ContactStep settings={settings} />;
    case 'agreement':
      return <AgreementStep settings={settings} />;
    case 'deposit':
      return <DepositStep settings={settings} />;
    case 'confirmation':
      return <ConfirmationStep settings={settings} />;
  }
}
