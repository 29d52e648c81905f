import { slotTimes, type ProteinCode, type SlotTime } from '@teppan/core';

/** The demo catalogue: the station, places, names, menus and the three chefs with their rosters. */
export const DEMO_STATION_CODE = 'CA-FREMONT-001';

export const SEED = 0x7e99a4;
export const TIME_ZONE = 'America/Los_Angeles';
export const CUSTOMER_COUNT = 200;
export const PAST_BOOKINGS = 289; // + 1 in progress
export const FUTURE_BOOKINGS = 110;
export const LEAD_COUNT = 40;
export const MAX_PER_SLOT = 2;
export const CHUNK = 200;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const MINUTE_MS = 60_000;

export const STATION = {
  code: DEMO_STATION_CODE,
  name: 'Fremont',
  time_zone: TIME_ZONE,
  address: '39150 Fremont Blvd, Fremont, CA 94539',
  zip: '94539',
  lat: 37.5485,
  lng: -121.9886,
};

/** ZIP centroids (looked up once with the `zipcodes` package), all within 150 road miles. */
export const ZIPS: { zip: string; city: string; lat: number; lng: number; weight: number }[] = [
  { zip: '94539', city: 'Fremont', lat: 37.5176, lng: -121.9287, weight: 8 },
  { zip: '94538', city: 'Fremont', lat: 37.5308, lng: -121.9712, weight: 7 },
  { zip: '94536', city: 'Fremont', lat: 37.5605, lng: -121.9999, weight: 6 },
  { zip: '95035', city: 'Milpitas', lat: 37.4352, lng: -121.895, weight: 6 },
  { zip: '95112', city: 'San Jose', lat: 37.3476, lng: -121.887, weight: 6 },
  { zip: '95128', city: 'San Jose', lat: 37.3163, lng: -121.9356, weight: 5 },
  { zip: '95050', city: 'Santa Clara', lat: 37.3492, lng: -121.953, weight: 5 },
  { zip: '94087', city: 'Sunnyvale', lat: 37.3502, lng: -122.0349, weight: 5 },
  { zip: '94301', city: 'Palo Alto', lat: 37.4443, lng: -122.1497, weight: 4 },
  { zip: '94566', city: 'Pleasanton', lat: 37.6658, lng: -121.8755, weight: 5 },
  { zip: '94550', city: 'Livermore', lat: 37.683, lng: -121.763, weight: 4 },
  { zip: '94583', city: 'San Ramon', lat: 37.7562, lng: -121.9522, weight: 4 },
  { zip: '94612', city: 'Oakland', lat: 37.8085, lng: -122.2668, weight: 4 },
  { zip: '94103', city: 'San Francisco', lat: 37.7725, lng: -122.4147, weight: 4 },
  { zip: '95391', city: 'Tracy', lat: 37.7695, lng: -121.5397, weight: 3 },
  { zip: '95202', city: 'Stockton', lat: 37.9606, lng: -121.2871, weight: 2 },
  { zip: '95354', city: 'Modesto', lat: 37.6409, lng: -120.9749, weight: 2 },
  { zip: '95814', city: 'Sacramento', lat: 38.5804, lng: -121.4922, weight: 2 },
  { zip: '95670', city: 'Rancho Cordova', lat: 38.6072, lng: -121.2761, weight: 1 },
  { zip: '95630', city: 'Folsom', lat: 38.6709, lng: -121.1529, weight: 1 },
  { zip: '95340', city: 'Merced', lat: 37.2983, lng: -120.4649, weight: 1 },
];

export const AREA_CODES = ['510', '408', '650', '415', '925', '916', '209'];

export const FIRST_NAMES = [
  'James',
  'Maria',
  'Wei',
  'Priya',
  'Michael',
  'Jennifer',
  'Carlos',
  'Aiko',
  'David',
  'Linh',
  'Robert',
  'Sofia',
  'Kevin',
  'Mei',
  'Daniel',
  'Aisha',
  'Jason',
  'Emily',
  'Arjun',
  'Grace',
  'Brian',
  'Ana',
  'Hiroshi',
  'Olivia',
  'Marcus',
  'Fatima',
  'Tyler',
  'Jasmine',
  'Andrew',
  'Nicole',
  'Ravi',
  'Lauren',
  'Miguel',
  'Hannah',
  'Eric',
  'Yuki',
  'Steven',
  'Rachel',
  'Omar',
  'Vanessa',
  'Derek',
  'Chloe',
  'Tony',
  'Isabel',
  'Sanjay',
  'Megan',
  'Luis',
  'Kimberly',
  'Ryan',
  'Thuy',
];

export const LAST_NAMES = [
  'Nguyen',
  'Garcia',
  'Chen',
  'Patel',
  'Smith',
  'Johnson',
  'Lee',
  'Kim',
  'Rodriguez',
  'Wong',
  'Martinez',
  'Singh',
  'Tanaka',
  'Brown',
  'Lopez',
  'Tran',
  'Williams',
  'Hernandez',
  'Liu',
  'Davis',
  'Shah',
  'Yamamoto',
  'Miller',
  'Gonzalez',
  'Pham',
  'Wilson',
  'Huang',
  'Anderson',
  'Reyes',
  'Park',
  'Thomas',
  'Kumar',
  'Moore',
  'Cruz',
  'Lin',
  'Jackson',
  'Ramirez',
  'Wu',
  'Taylor',
  'Flores',
];

export const STREETS = [
  'Mission Blvd',
  'Paseo Padre Pkwy',
  'Stevenson Blvd',
  'Walnut Ave',
  'Oak St',
  'Maple Dr',
  'Sunset Ave',
  'Lakeview Ct',
  'Cedar Ln',
  'Hillcrest Rd',
  'Vineyard Ave',
  'Park Pl',
  'Willow Way',
  'Redwood Dr',
  'Bay St',
  'Highland Ave',
];

export const SPECIAL_REQUESTS = [
  'Birthday party: please sing happy birthday to the guest of honor.',
  'Anniversary dinner; a little extra showmanship would be great.',
  'Graduation party in the backyard, tables on the lawn.',
  'Please do the onion volcano for the kids.',
  'Corporate team event, please be on time for the 15-minute intro.',
  'Gate code will be texted on the day.',
  'Street parking only; driveway is steep.',
  'Two guests are vegetarian: please cook the tofu first on a clean grill.',
  'Surprise party, please do not call the house phone.',
  'Retirement celebration for our dad.',
];

export const ALLERGENS = [
  'shellfish',
  'peanuts',
  'tree nuts',
  'sesame',
  'gluten',
  'soy',
  'eggs',
  'dairy',
];

export const SOURCE_CHANNELS: [string, number][] = [
  ['web', 60],
  ['chat', 15],
  ['phone', 10],
  ['sms', 10],
  ['email', 5],
];

export const STANDARD_PROTEINS: [ProteinCode, number][] = [
  ['chicken', 30],
  ['ny_strip', 26],
  ['shrimp', 22],
  ['calamari', 6],
  ['tofu', 6],
];
export const PREMIUM_PROTEINS: [ProteinCode, number][] = [
  ['salmon', 4],
  ['scallops', 3],
  ['filet_mignon', 8],
  ['lobster_tail', 3],
];
export const EXTRA_PROTEINS: [ProteinCode, number][] = [
  ['filet_mignon', 4],
  ['lobster_tail', 3],
  ['shrimp', 3],
  ['chicken', 2],
  ['scallops', 1],
];

export const CHEFS = [
  {
    name: 'Kenji Tanaka',
    email: 'kenji.tanaka@teppan.example',
    phone: '(510) 555-0181',
    rating: 4.95,
    daysOff: [1, 2], // Monday, Tuesday
    home: { zip: '94538', lat: 37.5308, lng: -121.9712 }, // Fremont
    maxGuests: 50,
  },
  {
    name: 'Marco Reyes',
    email: 'marco.reyes@teppan.example',
    phone: '(510) 555-0182',
    rating: 4.8,
    daysOff: [2, 3], // Tuesday, Wednesday
    home: { zip: '95128', lat: 37.3163, lng: -121.9356 }, // San Jose
    maxGuests: 35,
  },
  {
    name: 'Lily Chen',
    email: 'lily.chen@teppan.example',
    phone: '(510) 555-0183',
    rating: 4.6,
    daysOff: [3, 4], // Wednesday, Thursday
    home: { zip: '94566', lat: 37.6658, lng: -121.8755 }, // Pleasanton
    maxGuests: 25,
  },
];

/** Evenings on weekdays (one chef also takes afternoons), every slot on Fri–Sun. */
export function chefSlots(chefIndex: number, weekday: number): SlotTime[] {
  if (weekday === 0 || weekday === 5 || weekday === 6) return [...slotTimes];
  return chefIndex === 1 ? ['15:00', '18:00', '21:00'] : ['18:00', '21:00'];
}
