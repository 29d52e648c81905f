import { offeredOfflineMethods } from '@teppan/core';
import { settingsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

export function settingsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(app, settingsContract.get, async (request) => {
      const { station, version, settings } = await container.settings.getForStation(
        request.query.stationId,
      );
      return {
        station: {
          id: station.id,
          code: station.code,
          name: station.name,
          timeZone: station.timeZone,
          zip: station.zip,
        },
        version,
        pricing: settings.pricing,
        travel: {
          freeMiles: settings.travel.freeMiles,
          perMileCents: settings.travel.perMileCents,
          serviceRadiusMiles: settings.travel.serviceRadiusMiles,
        },
        slots: settings.slots,
        requestedTimeWindowMinutes: settings.requestedTimeWindowMinutes,
        notice: settings.notice,
        holds: settings.holds,
        policies: settings.policies,
        eventDuration: settings.eventDuration,
        serviceArea: settings.serviceArea,
        brand: settings.brand,
        contact: (({ name, contactPhone, contactEmail, postalAddress }) => ({
          name,
          phone: contactPhone,
          email: contactEmail,
          postalAddress,
        }))(container.notifications.brandOf({ station, settings })),
        largePartyHandoffGuests: settings.largePartyHandoffGuests,
        // What the site may offer at the deposit step: Zelle and Venmo only with a payee.
        payments: {
          cardAvailable: container.payments.isCardAvailable,
          offlineMethods: offeredOfflineMethods(settings.payees),
          payees: settings.payees,
        },
      };
    });
  };
}
