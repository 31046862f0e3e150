import type { BillingCycle, ProductKind } from "../platform/db/index.ts";

/** The demo provider: a Hungarian hosting company selling hosting, domains and software. */
export const DEMO_SELLER = {
  name: "Kapu Demo Tárhely Kft.",
  country: "HU",
  postalCode: "1051",
  city: "Budapest",
  addressLine: "Október 6. utca 12.",
  taxNumber: "12345676-2-41",
  euVatNumber: "HU12345676",
  registrationNumber: "01-09-123456",
  email: "szamlazas@demo.kapu.hu",
  phone: "+36 1 234 5678",
  bankAccount: {
    iban: "HU42117730161111101800000000",
    bic: "OTPVHUHB",
    bankName: "OTP Bank Nyrt.",
  },
  vatExempt: false,
};

/**
 * Staff must use two-factor login. The admin and the auditor come enrolled with these published
 * secrets (add one to an authenticator app, or compute codes with `oathtool --totp -b <secret>`);
 * the support login has none yet and is asked to enrol at its first login. The auditor has the
 * read-only role: every staff page, no change.
 */
export const DEMO_STAFF: {
  email: string;
  name: string;
  role: "admin" | "support" | "readonly";
  password: string;
  totpSecret: string | null;
}[] = [
  {
    email: "admin@demo.kapu.hu",
    name: "Demo Admin",
    role: "admin",
    password: "Kapu-demo-admin-2026",
    totpSecret: "KAPUDEMOADMINTOTPSECRET234567ABC",
  },
  {
    email: "support@demo.kapu.hu",
    name: "Demo Support",
    role: "support",
    password: "Kapu-demo-support-2026",
    totpSecret: null,
  },
  {
    email: "auditor@demo.kapu.hu",
    name: "Demo Auditor",
    role: "readonly",
    password: "Kapu-demo-auditor-2026",
    totpSecret: "KAPUDEMOAUDITORTOTPSECRET2345ABC",
  },
];

export const DEMO_CUSTOMER_PASSWORD = "Kapu-demo-ugyfel-2026";

/**
 * An agency's login (seed 004) that is nobody's contact: it manages two client accounts
 * without their passwords (switch between them in the header).
 */
export const DEMO_AGENCY = {
  email: "penzugy@sparrow.demo.kapu.hu",
  name: "Sparrow Exerceo",
  manages: [
    { customer: "Balaton Apartmanok Kft.", permissions: ["owner"] },
    { customer: "Nordlicht GmbH", permissions: ["billing", "technical", "domains"] },
  ],
};

/** Extra contacts with logins and narrower permissions (A4). */
export const DEMO_CONTACTS = [
  {
    customer: "Balaton Apartmanok Kft.",
    name: "Bíró Kata (könyvelő)",
    email: "konyveles@balatonapartman.demo.kapu.hu",
    permissions: ["billing"],
    language: "hu" as const,
  },
];

export interface DemoProduct {
  code: string;
  kind: ProductKind;
  name: string;
  description: string;
  prices: {
    cycle: BillingCycle;
    huf: string;
    eur: string;
    /** Setup fee, domains' first year when registering / transferring (HUF, EUR). */
    setup?: [string, string];
    register?: [string, string];
    transfer?: [string, string];
  }[];
  tld?: string;
  freeDomainTlds?: string[];
  provisioningModule?: string;
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    code: "hosting-start",
    kind: "hosting",
    name: "Start tárhely",
    description: "Basic site and mailboxes, free .hu domain included with yearly billing",
    prices: [
      { cycle: "monthly", huf: "1490.00", eur: "3.90" },
      // Two months free when paid yearly.
      { cycle: "annual", huf: "14900.00", eur: "39.00" },
    ],
    freeDomainTlds: ["hu"],
    provisioningModule: "demo_hosting",
  },
  {
    code: "hosting-pro",
    kind: "hosting",
    name: "Pro tárhely",
    description: "More space, more mailboxes, daily backups",
    prices: [
      { cycle: "monthly", huf: "3490.00", eur: "8.90" },
      { cycle: "annual", huf: "34900.00", eur: "89.00" },
    ],
    freeDomainTlds: ["hu", "eu"],
    provisioningModule: "demo_hosting",
  },
  {
    code: "hosting-business",
    kind: "hosting",
    name: "Business tárhely",
    description: "Dedicated resources for busy shops",
    prices: [
      { cycle: "monthly", huf: "7990.00", eur: "19.90" },
      { cycle: "quarterly", huf: "22990.00", eur: "57.00" },
      { cycle: "annual", huf: "79900.00", eur: "199.00", setup: ["5000.00", "12.50"] },
    ],
    provisioningModule: "demo_hosting",
  },
  {
    code: "domain-hu",
    kind: "domain",
    name: ".hu domain",
    description: "Registration and yearly renewal of a .hu domain",
    prices: [
      {
        cycle: "annual",
        huf: "4990.00",
        eur: "12.90",
        register: ["3990.00", "9.90"],
        transfer: ["0.00", "0.00"],
      },
    ],
    tld: "hu",
    provisioningModule: "manual",
  },
  {
    code: "domain-com",
    kind: "domain",
    name: ".com domain",
    description: "Registration and yearly renewal of a .com domain",
    prices: [{ cycle: "annual", huf: "5990.00", eur: "14.90", transfer: ["4990.00", "12.90"] }],
    tld: "com",
    provisioningModule: "manual",
  },
  {
    code: "domain-eu",
    kind: "domain",
    name: ".eu domain",
    description: "Registration and yearly renewal of a .eu domain",
    prices: [{ cycle: "annual", huf: "3990.00", eur: "9.90" }],
    tld: "eu",
    provisioningModule: "manual",
  },
  {
    code: "ssl-dv",
    kind: "ssl",
    name: "SSL certificate (DV)",
    description: "Domain-validated certificate; issued in 1–3 business days after validation",
    prices: [{ cycle: "annual", huf: "9900.00", eur: "24.90" }],
    provisioningModule: "manual",
  },
  {
    code: "software-konyvelo",
    kind: "software",
    name: "Könyvelő Pro támogatás",
    description: "Annual support contract for the accounting program, with support minutes",
    prices: [{ cycle: "annual", huf: "96000.00", eur: "240.00" }],
  },
];

export interface DemoCustomer {
  kind: "company" | "person";
  name: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber?: string;
  euVatNumber?: string;
  language: "hu" | "en";
  currency: "HUF" | "EUR";
  contact: { name: string; email: string };
  /** product code, label, cycle, status */
  services: [
    string,
    string | null,
    BillingCycle,
    "active" | "suspended" | "pending" | "cancelled",
  ][];
}

const hu = (
  kind: "company" | "person",
  name: string,
  city: string,
  contact: [string, string],
  services: DemoCustomer["services"],
  taxNumber?: string,
): DemoCustomer => ({
  kind,
  name,
  country: "HU",
  postalCode: city === "Budapest" ? "1111" : "6720",
  city,
  addressLine: "Fő utca 1.",
  ...(taxNumber ? { taxNumber } : {}),
  language: "hu",
  currency: "HUF",
  contact: { name: contact[0], email: contact[1] },
  services,
});

export const DEMO_CUSTOMERS: DemoCustomer[] = [
  hu(
    "person",
    "Kovács Anna",
    "Budapest",
    ["Kovács Anna", "anna.kovacs@demo.kapu.hu"],
    [
      ["hosting-start", "kovacsanna.hu", "monthly", "active"],
      ["domain-hu", "kovacsanna.hu", "annual", "active"],
    ],
  ),
  hu(
    "company",
    "Szegedi Pékség Bt.",
    "Szeged",
    ["Tóth Ödön", "odon@szegedipekseg.demo.kapu.hu"],
    [
      ["hosting-pro", "szegedipekseg.hu", "annual", "active"],
      ["domain-hu", "szegedipekseg.hu", "annual", "active"],
    ],
    "23456787-2-06",
  ),
  hu(
    "company",
    "Webműhely Ügynökség Kft.",
    "Budapest",
    ["Nagy Gergő", "gergo@webmuhely.demo.kapu.hu"],
    [
      ["hosting-business", "webmuhely.hu", "quarterly", "active"],
      ["domain-hu", "webmuhely.hu", "annual", "active"],
      ["hosting-start", "ugyfel1.hu", "annual", "active"],
      ["domain-hu", "ugyfel1.hu", "annual", "active"],
    ],
    "34567898-2-43",
  ),
  hu(
    "company",
    "Főkönyv Számviteli Zrt.",
    "Budapest",
    ["Szűcs Erzsébet", "erzsebet@fokonyv.demo.kapu.hu"],
    [["software-konyvelo", null, "annual", "active"]],
    "45678909-2-41",
  ),
  hu(
    "person",
    "Horváth Péter",
    "Szeged",
    ["Horváth Péter", "peter.horvath@demo.kapu.hu"],
    [["hosting-start", "horvathpeter.hu", "monthly", "suspended"]],
  ),
  hu(
    "company",
    "Zöld Kert Kft.",
    "Budapest",
    ["Kiss Réka", "reka@zoldkert.demo.kapu.hu"],
    [["hosting-pro", "zoldkert.hu", "monthly", "active"]],
    "56789010-2-42",
  ),
  hu(
    "person",
    "Varga Ildikó",
    "Budapest",
    ["Varga Ildikó", "ildiko.varga@demo.kapu.hu"],
    [
      ["hosting-start", "vargaildiko.hu", "annual", "active"],
      ["domain-hu", "vargaildiko.hu", "annual", "active"],
    ],
  ),
  hu(
    "company",
    "Balaton Apartmanok Kft.",
    "Szeged",
    ["Molnár Ádám", "adam@balatonapartman.demo.kapu.hu"],
    [["hosting-business", "balatonapartman.hu", "annual", "active"]],
    "67890121-2-19",
  ),
  hu(
    "company",
    "Pixelgyár Kft.",
    "Budapest",
    ["Farkas Júlia", "julia@pixelgyar.demo.kapu.hu"],
    [["hosting-pro", "pixelgyar.hu", "annual", "pending"]],
    "78901232-2-41",
  ),
  hu(
    "person",
    "Lakatos Bence",
    "Szeged",
    ["Lakatos Bence", "bence.lakatos@demo.kapu.hu"],
    [["domain-hu", "lakatosbence.hu", "annual", "active"]],
  ),
  hu(
    "company",
    "Mérleg Könyvelőiroda Bt.",
    "Budapest",
    ["Papp Zsuzsanna", "zsuzsa@merleg.demo.kapu.hu"],
    [
      ["software-konyvelo", null, "annual", "active"],
      ["hosting-start", "merleg.hu", "annual", "cancelled"],
    ],
    "89012343-2-41",
  ),
  hu(
    "person",
    "Simon Dóra",
    "Budapest",
    ["Simon Dóra", "dora.simon@demo.kapu.hu"],
    [["hosting-start", "simondora.hu", "monthly", "active"]],
  ),
  hu(
    "company",
    "Dunai Hajózás Kft.",
    "Budapest",
    ["Fekete László", "laszlo@dunaihajozas.demo.kapu.hu"],
    [
      ["hosting-pro", "dunaihajozas.hu", "annual", "active"],
      ["domain-hu", "dunaihajozas.hu", "annual", "active"],
    ],
    "90123454-2-41",
  ),
  {
    kind: "company",
    name: "Revontuli Oy",
    country: "FI",
    postalCode: "00100",
    city: "Helsinki",
    addressLine: "Mannerheimintie 5",
    euVatNumber: "FI12345671",
    language: "en",
    currency: "EUR",
    contact: { name: "Aino Mäkelä", email: "aino@revontuli.demo.kapu.fi" },
    services: [["hosting-business", "revontuli.fi", "annual", "active"]],
  },
  {
    kind: "person",
    name: "Jukka Hämäläinen",
    country: "FI",
    postalCode: "33100",
    city: "Tampere",
    addressLine: "Hämeenkatu 10",
    language: "en",
    currency: "EUR",
    contact: { name: "Jukka Hämäläinen", email: "jukka@demo.kapu.fi" },
    services: [["hosting-start", "hamalainen.fi", "monthly", "active"]],
  },
  {
    kind: "company",
    name: "Čebelica d.o.o.",
    country: "SI",
    postalCode: "1000",
    city: "Ljubljana",
    addressLine: "Slovenska cesta 9",
    euVatNumber: "SI12345679",
    language: "en",
    currency: "EUR",
    contact: { name: "Špela Kovačič", email: "spela@cebelica.demo.kapu.si" },
    services: [
      ["hosting-pro", "cebelica.si", "annual", "active"],
      ["hosting-start", "med.si", "monthly", "active"],
    ],
  },
  {
    kind: "person",
    name: "Matej Žagar",
    country: "SI",
    postalCode: "2000",
    city: "Maribor",
    addressLine: "Glavni trg 3",
    language: "en",
    currency: "EUR",
    contact: { name: "Matej Žagar", email: "matej@demo.kapu.si" },
    services: [["hosting-start", "zagar.si", "annual", "active"]],
  },
  {
    kind: "company",
    name: "Nordlicht GmbH",
    country: "DE",
    postalCode: "10115",
    city: "Berlin",
    addressLine: "Invalidenstraße 1",
    euVatNumber: "DE123456789",
    language: "en",
    currency: "EUR",
    contact: { name: "Jürgen Weiß", email: "juergen@nordlicht.demo.kapu.de" },
    services: [["hosting-business", "nordlicht.de", "monthly", "active"]],
  },
  hu(
    "person",
    "Oláh Gábor",
    "Szeged",
    ["Oláh Gábor", "gabor.olah@demo.kapu.hu"],
    [
      ["hosting-start", "olahgabor.hu", "annual", "active"],
      ["domain-hu", "olahgabor.hu", "annual", "active"],
    ],
  ),
  hu(
    "company",
    "Fűszer és Társa Bt.",
    "Budapest",
    ["Bíró Hajnalka", "hajnalka@fuszer.demo.kapu.hu"],
    [["hosting-pro", "fuszeres.hu", "monthly", "active"]],
    "01234565-2-41",
  ),
];
