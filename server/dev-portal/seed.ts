import type { Relation, Role, SeedData, SeedDepartment, SeedGroup, SeedUser } from './model';

/** The people tests and demos refer to by role. */
export const SEED_USERS = { admin: 1, moderator: 2, employee: 3, extranet: 4 } as const;

/** Well-known workgroups (ids are stable). */
export const SEED_GROUPS = {
  onboarding: 1,
  salesAcademy: 2,
  itSecurity: 3,
  /** Secret (VISIBLE=N); neither the moderator nor the employee belongs to it. */
  managementBoard: 4,
  /** The extranet group. */
  partners: 5,
  /** The employee (3) has a pending invitation (Z) here. */
  marketingGuild: 6,
  englishClub: 7,
  projectPhoenix: 8,
  archivedKickoff: 9,
  supportKnowledgeBase: 10,
  /** "Everyone (benchmark)": the admin owns it, `bigGroupMembers` generated users are members. */
  benchmark: 11,
} as const;

/** Generated benchmark users start here, well after the hand-written people. */
export const BIG_GROUP_FIRST_USER_ID = 1001;

const DEPARTMENTS: Array<[number, string, number | null, number]> = [
  // id, name, parent, head
  [1, 'Acme Corp', null, 1],
  [2, 'Sales', 1, 9],
  [3, 'Продажи — Москва', 2, 10],
  [4, 'Marketing', 1, 13],
  [5, 'IT', 1, 2],
  [6, 'Development', 5, 16],
  [7, 'Support', 5, 17],
  [8, 'HR & Training', 1, 8],
  [9, 'Finance', 1, 12],
];

// id, name, last name, gender, department (0 = extranet), position, flags
const PEOPLE: Array<[number, string, string, 'M' | 'F', number, string, string?]> = [
  [1, 'Anna', 'Petrova', 'F', 1, 'Managing Director', 'admin'],
  [2, 'Michael', 'Turner', 'M', 5, 'IT Director'],
  [3, 'Olga', 'Smirnova', 'F', 3, 'Sales Manager'],
  [4, 'John', 'Carter', 'M', 0, 'Contractor, Carter Consulting'],
  [5, 'Дмитрий', 'Кузнецов', 'M', 6, 'Ведущий разработчик'],
  [6, 'Emily', 'Clark', 'F', 6, 'QA Engineer'],
  [7, 'Сергей', 'Волков', 'M', 7, 'Инженер поддержки'],
  [8, 'Natalia', 'Sokolova', 'F', 8, 'HR Manager'],
  [9, 'David', 'Miller', 'M', 2, 'Head of Sales'],
  [10, 'Екатерина', 'Морозова', 'F', 3, 'Менеджер по работе с клиентами'],
  [11, 'James', 'Wilson', 'M', 2, 'Sales Representative'],
  [12, 'Igor', 'Lebedev', 'M', 9, 'Chief Accountant'],
  [13, 'Sarah', 'Johnson', 'F', 4, 'Head of Marketing'],
  [14, 'Алексей', 'Новиков', 'M', 4, 'Маркетолог'],
  [15, 'Laura', 'Davis', 'F', 8, 'Training Coordinator'],
  [16, 'Pavel', 'Kozlov', 'M', 6, 'Team Lead'],
  [17, 'Мария', 'Попова', 'F', 7, 'Руководитель поддержки'],
  [18, 'Robert', 'Taylor', 'M', 5, 'System Administrator'],
  [19, 'Елена', 'Васильева', 'F', 9, 'Бухгалтер'],
  [20, 'Andrei', 'Fedorov', 'M', 3, 'Sales Manager', 'inactive'],
  [21, 'Jessica', 'White', 'F', 4, 'Content Manager'],
  [22, 'Николай', 'Орлов', 'M', 6, 'Разработчик'],
  [23, 'Thomas', 'Anderson', 'M', 6, 'Developer'],
  [24, 'Ирина', 'Павлова', 'F', 2, 'Ассистент отдела продаж'],
  [25, 'Victor', 'Semenov', 'M', 7, 'Support Engineer'],
  [26, 'Анастасия', 'Голубева', 'F', 8, 'Рекрутер'],
  [27, 'Daniel', 'Harris', 'M', 5, 'Network Engineer'],
  [28, 'Yulia', 'Vinogradova', 'F', 4, 'Designer'],
  [29, 'Mark', 'Thompson', 'M', 3, 'Key Account Manager'],
  [30, 'Татьяна', 'Богданова', 'F', 9, 'Финансовый аналитик'],
  [31, 'Roman', 'Vorobiev', 'M', 6, 'Frontend Developer'],
  [32, 'Olivia', 'Martin', 'F', 2, 'Business Development Manager'],
  [33, 'Кирилл', 'Михайлов', 'M', 7, 'Инженер поддержки', 'inactive'],
  [34, 'Svetlana', 'Nikolaeva', 'F', 1, 'Office Manager'],
  [35, 'William', 'Moore', 'M', 6, 'DevOps Engineer'],
  [36, 'Галина', 'Зайцева', 'F', 8, 'Специалист по кадрам'],
  [37, 'Maxim', 'Solovyov', 'M', 3, 'Sales Manager'],
  [38, 'Emma', 'Jackson', 'F', 4, 'SMM Manager'],
  [39, 'Артём', 'Белов', 'M', 5, 'Специалист по безопасности'],
  [40, 'Ksenia', 'Titova', 'F', 2, 'Sales Manager'],
  [41, 'Benjamin', 'Lee', 'M', 7, 'Support Engineer'],
  [42, 'Людмила', 'Комарова', 'F', 9, 'Специалист по расчёту зарплаты'],
  [43, 'Denis', 'Egorov', 'M', 6, 'Backend Developer'],
  [44, 'Peter', 'Schmidt', 'M', 0, 'Partner, Schmidt GmbH'],
  [45, 'Вера', 'Киселёва', 'F', 0, 'Внештатный тренер'],
  [46, 'Chris', 'Evans', 'M', 0, 'Consultant'],
  [47, 'Alina', 'Makarova', 'F', 1, 'Assistant to the Director'],
  [48, 'George', 'Walker', 'M', 5, 'Helpdesk Specialist'],
];

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '',
  э: 'e', ю: 'yu', я: 'ya',
};
const latin = (s: string) => [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('').replace(/[^a-z]/g, '');

function isoDay(year: number, month: number, day: number, hour = 9): string {
  return new Date(Date.UTC(year, month - 1, day, hour, 0, 0)).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function person([id, name, lastName, gender, dept, position, flag]: (typeof PEOPLE)[number]): SeedUser {
  const extranet = dept === 0;
  return {
    id,
    active: flag !== 'inactive',
    isAdmin: flag === 'admin',
    name,
    lastName,
    secondName: '',
    email: `${latin(name)}.${latin(lastName)}@${extranet ? 'partner.example.com' : 'acme.example.com'}`,
    position,
    departments: extranet ? [] : [dept],
    userType: extranet ? 'extranet' : 'employee',
    gender,
    dateRegister: isoDay(2020 + (id % 5), 1 + (id % 12), 1 + (id % 27)),
    city: extranet ? 'Berlin' : id % 3 === 0 ? 'Москва' : 'London',
    phoneInner: extranet ? '' : String(100 + id),
    isOnline: id % 4 === 0,
    hasPhoto: true,
  };
}

const BIG_FIRST = ['Ivan', 'Mary', 'Oleg', 'Kate', 'Peter', 'Lena', 'Sam', 'Nina', 'Boris', 'Julia', 'Tom', 'Zoya'];
const BIG_LAST = ['Adams', 'Baker', 'Ivanov', 'Davies', 'Egorova', 'Fischer', 'Garcia', 'Hughes', 'Ilyin', 'Jones', 'Kim'];
const BIG_DEPTS = [2, 3, 4, 6, 7, 8, 9];

/** Benchmark user number i (0-based): deterministic, so ids and names are the same on every start. */
function benchmarkUser(i: number): SeedUser {
  const id = BIG_GROUP_FIRST_USER_ID + i;
  return {
    id,
    active: true,
    isAdmin: false,
    name: BIG_FIRST[i % BIG_FIRST.length]!,
    lastName: `${BIG_LAST[Math.floor(i / BIG_FIRST.length) % BIG_LAST.length]!}-${i + 1}`,
    secondName: '',
    email: `user${id}@acme.example.com`,
    position: 'Employee',
    departments: [BIG_DEPTS[i % BIG_DEPTS.length]!],
    userType: 'employee',
    gender: '',
    dateRegister: isoDay(2024, 1 + (i % 12), 1 + (i % 27)),
    city: '',
    phoneInner: '',
    isOnline: false,
    hasPhoto: false,
  };
}

type GroupSpec = Omit<SeedGroup, 'active' | 'subjectId' | 'dateCreate' | 'dateUpdate' | 'dateActivity' | 'keywords' | 'initiatePerms'> &
  Partial<Pick<SeedGroup, 'initiatePerms' | 'keywords'>> & { members: Array<[number, Role, ('G' | 'U')?]> };

const g = (id: number, name: string, ownerId: number, members: GroupSpec['members'], extra: Partial<GroupSpec> = {}): GroupSpec => ({
  id, name, ownerId, members, description: '', visible: true, opened: false, closed: false, project: false, isExtranet: false, ...extra,
});

const GROUPS: GroupSpec[] = [
  g(1, 'Onboarding', 2, [[16, 'E'], [3, 'K'], [5, 'K'], [6, 'K'], [22, 'K'], [23, 'K'], [31, 'K'], [43, 'K'], [20, 'K']], {
    description: 'Everything a new colleague needs in the first month',
  }),
  g(2, 'Sales Academy', 9, [[2, 'E'], [10, 'E'], [3, 'K'], [11, 'K'], [24, 'K'], [29, 'K'], [32, 'K'], [37, 'K'], [40, 'K']], {
    description: 'Product and negotiation training for the sales team',
  }),
  g(3, 'IT Security Awareness', 2, [[39, 'E'], [18, 'K'], [27, 'K'], [48, 'K'], [35, 'K'], [5, 'K'], [7, 'K'], [25, 'K'], [41, 'K'], [33, 'K']], {
    keywords: 'security,phishing',
  }),
  g(4, 'Management Board', 1, [[12, 'E'], [9, 'K'], [13, 'K'], [8, 'K']], { visible: false, description: 'Secret group' }),
  g(5, 'Partners & Contractors', 2, [[15, 'E'], [4, 'K'], [44, 'K'], [45, 'K'], [46, 'K']], { isExtranet: true, initiatePerms: 'E' }),
  g(6, 'Marketing Guild', 13, [[2, 'E'], [14, 'E'], [21, 'K'], [28, 'K'], [38, 'K'], [3, 'Z', 'G']]),
  g(7, 'English Club', 15, [[3, 'K'], [6, 'K'], [10, 'K'], [26, 'K'], [34, 'K'], [47, 'K']], { opened: true, description: 'Клуб английского языка' }),
  g(8, 'Project Phoenix', 16, [[5, 'E'], [22, 'K'], [23, 'K'], [31, 'K'], [35, 'K'], [43, 'K']], { project: true }),
  g(9, 'Kickoff 2025 (archive)', 1, [[2, 'K'], [9, 'K'], [13, 'K'], [16, 'K']], { closed: true }),
  g(10, 'Support Knowledge Base', 17, [[2, 'E'], [7, 'K'], [25, 'K'], [41, 'K'], [48, 'K'], [6, 'Z', 'U']]),
];

/** The whole seeded portal. `bigGroupMembers` users are generated for the benchmark group. */
export function buildSeed(bigGroupMembers: number): SeedData {
  const users = PEOPLE.map(person);
  for (let i = 0; i < bigGroupMembers; i++) users.push(benchmarkUser(i));

  const departments: SeedDepartment[] = DEPARTMENTS.map(([id, name, parent, headId]) => ({ id, name, parent, sort: 500, headId }));

  const groups: SeedGroup[] = [];
  const relations = new Map<number, Relation[]>();
  const specs = [
    ...GROUPS,
    g(SEED_GROUPS.benchmark, 'Everyone (benchmark)', 1, [], { description: 'A large group for load tests' }),
  ];
  for (const spec of specs) {
    const created = isoDay(2025, 1 + (spec.id % 12), 10 + spec.id);
    const { members, ...fields } = spec;
    groups.push({ active: true, subjectId: 1, keywords: '', initiatePerms: 'K', dateCreate: created, dateUpdate: created, dateActivity: created, ...fields });
    const list: Relation[] = [{ userId: spec.ownerId, role: 'A', initiatedBy: 'G', date: created }];
    for (const [userId, role, initiatedBy] of members) list.push({ userId, role, initiatedBy: initiatedBy ?? 'G', date: created });
    if (spec.id === SEED_GROUPS.benchmark) {
      for (let i = 0; i < bigGroupMembers; i++) list.push({ userId: BIG_GROUP_FIRST_USER_ID + i, role: 'K', initiatedBy: 'G', date: created });
    }
    relations.set(spec.id, list);
  }
  return { users, departments, groups, relations };
}
