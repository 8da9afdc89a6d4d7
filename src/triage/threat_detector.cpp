#include "triage/threat_detector.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace otklik::triage {

namespace {

// Stems of verbs of harm, the whole semantic field (written from the language, not from any
// appeal): killing, beating, maiming, fire, explosives, shooting, stabbing and cutting,
// strangling, poisoning, running over, wrecking, hanging, burying, revenge. A stem counts only in
// a verb form the clause can be a plan in (see VerbForm); nouns sharing it («отравление»,
// «стрелка») are not verbs. Stems that are also everyday verbs («снесу документы», «выбью
// компенсацию», «повешу объявление», «перееду») are left out.
constexpr std::string_view kHarmVerbStems[] = {
    // kill
    "убь", "убю", "убъю", "убить", "убива", "прибь", "прибить", "пришиб", "пришь", "прикон",
    "замоч", "мочить", "грохн", "кокн", "укокош", "порешу", "порешим", "поубива", "перебьем",
    // beat
    "изобь", "избить", "избива", "побью", "побьем", "отлуп", "поколоч", "отметел", "изметел",
    "отмутуз", "измордо", "измочал", "набью", "набьем", "вмажу", "отдубас", "отпина", "запина",
    "затопч", "растопч", "отоварю", "накостыля", "отмудох", "измолоч",
    // maim
    "калеч", "покалеч", "искалеч", "изувеч", "изуродо", "изуроду", "выколю", "выколоть", "отрежу",
    "отрублю", "отрубить", "переломаю", "переломать", "проломл", "проломить", "раздробл",
    // fire
    "жечь", "сожг", "сожж", "сжечь", "сожгу", "подожг", "поджечь", "поджеч", "поджига", "подпал",
    "спалю", "спалим", "спалить", "запалю", "запалим", "подпалить",
    // explosives
    "взорв", "подорв", "взрыва", "заминир", "разбомб", "бомбану",
    // shooting
    "стрелят", "стрелю", "стреляю", "стреляем", "застрел", "пристрел", "перестрел", "расстрел",
    "постреля", "отстрел", "подстрел", "прострел", "пальну", "шмальн", "шмаля",
    // stabbing, cutting
    "зарежу", "зарезать", "зарежем", "прирежу", "прирезать", "приреж", "порежу", "порежем",
    "перережу", "изрежу", "пырну", "пырнуть", "заколю", "заколоть", "всажу", "пошинку", "покромса",
    "искромса", "раскромса", "зарублю", "зарубить", "порублю", "порубить", "изрублю",
    // strangling, crushing, running over
    "задуш", "придуш", "удушу", "удушить", "передуш", "душить", "задавл", "задавить", "удавл",
    "удавить", "раздавл", "раздавить", "протаран", "тараню", "таранить",
    // poisoning
    "отравл", "отравить", "отравим", "потравлю",
    // wrecking
    "разгром", "громить", "разнесу", "разнесем", "разнести", "разобью", "разобьем", "крушить",
    "раскрошу", "разворочу", "сровняю", "сровнять", "разломаю", "покрошу",
    // hanging, burying, drowning
    "вздерн", "повешу", "повесим", "закопаю", "закопаем", "урою", "уроем", "утоплю", "утопим",
    "похороню", "похороним",
    // revenge and reprisal
    "расправл", "расправлюсь", "расправимся", "отомщу", "отомстим", "отомстить", "поквита",
    "расквита", "сравняю", "сравнять", "снесу", "снесем"};

// An outcome of harm told in the third person («ваш офис сгорит»): a threat only when promised.
constexpr std::string_view kOutcomeStems[] = {"сгори",  "сгоря",    "взлети",  "взлетя",
                                              "полыхн", "заполыха", "рухн",    "погибн",
                                              "сдохн",  "умр",      "пострада"};

// Means of harm, any form: weapons, fuel, explosives, and violence named as a noun.
constexpr std::string_view kMeansStems[] = {
    "ружь",      "ружье",       "двустволк", "дробовик",   "карабин", "винтовк",    "пистолет",
    "револьвер", "пулемет",     "калашник",  "травмат",    "кастет",  "тесак",      "мачете",
    "заточк",    "арматур",     "монтировк", "кувалд",     "топор",   "гранат",     "взрывчат",
    "тротил",    "динамит",     "гексоген",  "пластит",    "бензин",  "канистр",    "керосин",
    "горюч",     "солярк",      "молотов",   "резн",       "бойн",    "кровопрол",  "кровав",
    "погром",    "самосуд",     "теракт",    "поджог",     "стрельб", "перестрелк", "мясорубк",
    "расправ",   "бомб",        "взрывн",    "обрезом",    "обрезы",  "обреза",     "патрон",
    "свинц",     "зажигательн", "огнемет",   "гранатомет", "коктейль"};
constexpr std::string_view kMeansForms[] = {
    "нож",    "ножом", "ножи",    "ножа",      "ножик",    "ножиком", "ножами",    "бита",
    "битой",  "биту",  "биты",    "битами",    "обрез",    "автомат", "ствол",     "стволом",
    "лом",    "ломом", "кровь",   "крови",     "кровью",   "пожар",   "пожаром",   "огонь",
    "огнем",  "пулю",  "пули",    "яд",        "ядом",     "взрыв",   "взрывом",   "трупы",
    "трупов", "труп",  "кислоту", "кислотой",  "кулаками", "кулаком", "кулак",     "угли",
    "углей",  "пепел", "пепла",   "пепелище",  "руины",    "руин",    "головешки", "развалины",
    "пуля",   "пулей", "беслан",  "колумбайн", "крокус",   "огнем"};
// Words sharing a means stem that are not means.
constexpr std::string_view kMeansExceptions[] = {
    "травматолог", "травматич", "травматизм", "гранатов", "бомбоуб", "топорн",
    "бензинов",    "бензинк",   "бензоколон", "арматурщ", "бойниц",  "резно",
    "резны",       "патронаж",  "патронат",   "свинцов"};

// The applicant's own plan: first-person futures of coming, bringing, preparing, using.
constexpr std::string_view kPlanForms[] = {
    "приду",      "приеду",      "придем",     "приедем",     "зайду",      "заеду",
    "зайдем",     "явлюсь",      "заявлюсь",   "заявимся",    "нагряну",    "нагрянем",
    "наведаюсь",  "наведаемся",  "навещу",     "навестим",    "загляну",    "заглянем",
    "возьму",     "возьмем",     "принесу",    "принесем",    "привезу",    "привезем",
    "прихвачу",   "захвачу",     "достану",    "раздобуду",   "соберу",     "соберем",
    "позову",     "позовем",     "устрою",     "устроим",     "сделаю",     "сделаем",
    "организую",  "оболью",      "обольем",    "облью",       "солью",      "залью",
    "зальем",     "полью",       "плесну",     "закидаю",     "закидаем",   "закину",
    "брошу",      "кину",        "швырну",     "начну",       "начнем",     "вернусь",
    "вернемся",   "пойду",       "пойдем",     "поеду",       "поедем",     "выйду",
    "буду",       "будем",       "хочу",       "хотим",       "собираюсь",  "собираемся",
    "намерен",    "намерена",    "намерены",   "готов",       "готова",     "готовы",
    "решил",      "решила",      "решили",     "клянусь",     "обещаю",     "гарантирую",
    "прийти",     "приехать",    "прийду",     "заряжу",      "наточу",     "подготовлю",
    "куплю",      "купим",       "купил",      "купила",      "достал",     "достала",
    "наточил",    "подожгу",     "ждите",      "готовьтесь",  "берегитесь", "молитесь",
    "прощайтесь", "запасся",     "запаслась",  "запаслись",   "припас",     "припасла",
    "приготовил", "приготовила", "подготовил", "подготовила", "открою",     "откроем",
    "заказал",    "заказала",    "подгоню"};
// Coming in person: with a weapon or fuel it is a threat even with the place left unsaid
// («в следующий раз приду не с заявлением, а с канистрой»).
constexpr std::string_view kComingForms[] = {
    "приду",    "приеду",   "придем",  "приедем",   "зайду",     "заеду",
    "явлюсь",   "заявлюсь", "нагряну", "наведаюсь", "вернусь",   "заявимся",
    "нагрянем", "прийду",   "заедем",  "зайдем",    "наведаемся"};
// Imperatives of menace speak to the recipient («огнемёт уже заказал, ждите»).
constexpr std::string_view kMenaceImperatives[] = {"ждите", "готовьтесь", "берегитесь", "молитесь",
                                                   "прощайтесь"};
// Manners of a reprisal that never describe a lawful visit («приеду, и поговорим по-мужски»);
// «своими руками», «иначе» may («починю своими руками»).
constexpr std::string_view kHardManners[] = {
    "по-мужски", "по-своему", "по-взрослому", "по-плохому", "по-черному",
    "мужски",    "своему",    "взрослому",    "плохому",    "черному"};

// An ultimatum: the harm follows a condition or «ещё одна отписка — и…».
constexpr std::string_view kUltimatumWords[] = {"если", "иначе", "еще", "пока", "раз"};

// Plans that make a weapon a threat only together with a verb of harm («куплю ружьё» is also
// hunting).
constexpr std::string_view kWeakPlans[] = {"куплю", "купим", "купил", "купила", "хочу",
                                           "хотим", "буду",  "будем", "достал", "достала"};
constexpr std::string_view kPromiseForms[] = {
    "обещаю", "гарантирую", "клянусь", "увидите", "запомните", "ждите", "готовьтесь", "берегитесь"};

// Waiting for a person where nobody protects them.
// An ambush at any private place; waiting counts only where nobody else is («одного», «ночью»):
// «подожду мастера у подъезда» is a citizen meeting a plumber.
constexpr std::string_view kAmbushForms[] = {"подкараулю", "подкараулим", "выслежу",
                                             "выследим",   "подстерегу",  "подстережем"};
constexpr std::string_view kWaitForms[] = {"подожду", "подождем", "дождусь", "дождемся",
                                           "встречу", "встретим", "поймаю",  "поймаем"};
constexpr std::string_view kPrivateStems[] = {"выход", "подъезд", "парковк", "подворот", "темн",
                                              "вечер", "ночью",   "домой",   "одного",   "одну"};
constexpr std::string_view kLonelyStems[] = {"подворот", "темн", "ночью", "одного", "одну"};
// «Знаю, где живёт ваш директор»: the private life of a person, not an office's address.
constexpr std::string_view kKnowTraces[] = {"живет",  "живете", "живут",  "живешь", "паркует",
                                            "учатся", "учится", "ночует", "садик",  "домашн"};
// Lawful pressure named in the clause: a reprisal «по-другому — через суд» is not violence.
constexpr std::string_view kLawfulStems[] = {
    "суд",       "прокурор",  "прокуратур", "полици",    "жалоб",      "пожалуюсь",
    "депутат",   "сми",       "журналист",  "закон",     "юрист",      "адвокат",
    "инстанц",   "омбудсмен", "уполномоч",  "президент", "губернатор", "министерств",
    "исков",     "иском",     "заявлени",   "роспотреб", "трудов",     "инспекци",
    "следствен", "телевиден", "газет",      "пикет",     "митинг"};
// Sport, hunting, games and fiction: «хочу пострелять в вашем тире».
constexpr std::string_view kPlayStems[] = {
    "тир",       "полигон",   "охот",    "спорт", "соревнован", "секци",  "игр",       "пейнтбол",
    "страйкбол", "лазертаг",  "фильм",   "кино",  "книг",       "сериал", "роман",     "спектакл",
    "сказк",     "стрельбищ", "стендов", "учени", "учебн",      "салют",  "фейерверк", "петард"};
// What follows a verb of harm in an idiom or an everyday use: «убью на это весь день»,
// «сожгу черновик», «отравлю вам жизнь», «разобью на этапы», «закопаю яму».
constexpr std::string_view kBenignObjects[] = {
    "день",     "дня",     "время",     "вечер",    "недел",    "час",      "полдня",    "выходн",
    "куч",      "столько", "нерв",      "утро",     "жизн",     "калори",   "черновик",  "рекорд",
    "яму",      "ямы",     "ямку",      "траншеи",  "траншею",  "канав",    "част",      "этап",
    "групп",    "квитанц", "уведомлен", "листовк",  "объявлен", "документ", "бумаг",     "справк",
    "анкет",    "письм",   "тараканов", "клоп",     "мышей",    "крыс",     "сорняк",    "траву",
    "мусор",    "листв",   "ветк",      "пень",     "пни",      "зайц",     "глазами",   "полк",
    "гвозд",    "карниз",  "табличк",   "доск",     "плинтус",  "вешалк",   "платеж",    "сумм",
    "оплат",    "кредит",  "рассрочк",  "бель",     "договор",  "контракт", "регламент", "инструкц",
    "отношени", "связ",    "зуб",       "заявлени", "паспорт",  "копи",     "пакет",     "посылк",
    "ключ",     "вещи",    "оригинал"};

// A hazard that is nobody's plan: gas, wiring, a rotten tree, a crumbling roof, ice, a flood, a
// building site. An outcome of harm in the sentence of a hazard («если рванёт газ, пострадают
// дети», «дерево может упасть») warns of an accident, it does not promise one.
constexpr std::string_view kHazardStems[] = {
    "утечк", "проводк", "замыкан", "сгнил", "гнил", "аварийн", "ветх", "сосульк", "гололед",
    "наледь", "наледи", "крыш", "затоп", "прорвет", "прорыв", "трещин", "обвал", "обруш",
    "котлован", "стройк", "строител", "розетк", "электрик", "напряжен", "ураган", "сугроб",
    "бродяч", "землетряс", "паводк", "подтоп", "изношен", "неисправн", "перекрыт", "газопровод",
    "газов", "дымоход", "угарн", "лифт", "балкон", "ступен", "перил",
    // Dry wood and grass that catch fire (frozen set 22: a forester's warning).
    "сухостой", "сухостоя", "валежник", "торфяник"};
constexpr std::string_view kHazardForms[] = {
    "провод", "провода", "проводов", "газ",   "газа", "газом", "газу",  "дерево",
    "дерева", "деревья", "ветка",    "ветки", "сук",  "снег",  "снега", "лед",
    "льда",   "яма",     "ямы",      "яму",   "люк",  "люка",  "ветер", "пал"};

// Taking justice into one's own hands.
constexpr std::string_view kReprisalVerbs[] = {
    "разберусь", "разберемся", "поговорю",    "поговорим", "накажу",      "накажем",
    "проучу",    "проучим",    "рассчитаюсь", "сочтемся",  "посчитаемся", "разбираться"};
constexpr std::string_view kReprisalManners[] = {
    "по-своему",     "по-мужски",           "по-другому",  "по-иному",     "по-плохому",
    "иначе",         "по-черному",          "без суда",    "без полиции",  "своими методами",
    "своими руками", "собственными руками", "как мужчина", "по-взрослому", "по-плохому"};

// A clause that asks about a procedure («как получить разрешение на ружьё») is not a plan.
constexpr std::string_view kQuestionOpeners[] = {
    "как",         "где",         "куда",     "можно",   "сколько",    "какие",   "какой",
    "какая",       "кто",         "почему",   "зачем",   "подскажите", "скажите", "нужно",
    "положено",    "положены",    "положена", "законно", "вправе",     "имею",    "разрешено",
    "разрешается", "допускается", "правда",   "чем"};

// The applicant or another person as the victim, not a target of the applicant.
constexpr std::string_view kSelfWords[] = {"себя", "себе", "собой", "меня",
                                           "мне",  "мной", "нас",   "нам"};

constexpr std::string_view kHarmObjects[] = {
    "голов", "лицо", "морд", "рыл", "челюст", "шею", "шеи", "глотк", "горл", "череп", "ребр",
    "кост", "здани", "офис", "контор", "управ", "мэри", "администрац", "министерств", "ведомств",
    "мфц", "школ", "больниц", "кабинет", "учрежден", "отделени", "колледж", "поликлиник",
    "помещени", "приемн", "котельн", "машин", "автомобил", "окн", "двер", "крыльц", "дом", "семь",
    "дет", "жен", "сотрудник", "работник", "чиновник", "клерк", "охран", "персонал",
    // staff named colloquially or in the feminine
    "училк", "учителк", "завуч", "директрис", "врачих", "кассирш", "бухгалтерш", "начальниц",
    "секретарш", "чиновниц", "мент"};

// Verbs that harm a body part named next to them («сверну тебе шею», «выбью зубы», «сломаю
// ноги»); without a body part they are everyday verbs («сверну за угол», «выбью компенсацию»).
constexpr std::string_view kBodyVerbStems[] = {
    "сверну",   "свернем",   "сломаю",   "сломаем", "переломаю", "выбью",     "выбьем", "оторву",
    "оторвем",  "вырву",     "вырвем",   "разобью", "разобьем",  "набью",     "набьем", "отрежу",
    "отрублю",  "выколю",    "проломлю", "раскрою", "скручу",    "откручу",   "снесу",  "начищу",
    "расквашу", "разукрашу", "перебью",  "отобью",  "пробью",    "раздроблю", "вышибу", "размозжу"};
constexpr std::string_view kBodyParts[] = {
    "шею",     "шеи",    "голову", "головы", "башку",   "бошку",       "руки",      "ноги",
    "челюсть", "зубы",   "ребра",  "кости",  "нос",     "носы",        "лицо",      "морду",
    "рожу",    "рыло",   "глаза",  "уши",    "хребет",  "позвоночник", "череп",     "черепушку",
    "колени",  "пальцы", "почки",  "печень", "хлебало", "табло",       "физиономию"};
// «Изобью до полусмерти», «забью насмерть»: verbs violent only with a lethal manner named.
constexpr std::string_view kLethalManners[] = {"насмерть", "полусмерти", "смерти"};
constexpr std::string_view kLethalVerbs[] = {
    "забью",   "забьем", "изобью",  "изобьем",  "замучаю", "запинаю", "заколочу", "отделаю",
    "затопчу", "уделаю", "отпинаю", "измолочу", "запорю",  "закатаю", "залуплю",  "задушу"};
// Pronouns that name a victim only by reference: «её уже убить готов» is about a program.
constexpr std::string_view kBarePronouns[] = {"его", "ее",  "их",  "него", "нее", "них",
                                              "ним", "ней", "ему", "ей",   "им",  "ними"};
// Idioms of a veiled threat that let a word in between («мало вам не покажется», «ваши дни в
// этом кабинете сочтены»): the first word, a stem of the last, the words allowed between.
struct SplitIdiom {
    std::string_view first;
    std::string_view last;
    std::size_t gap;
};
constexpr SplitIdiom kSplitIdioms[] = {
    {"пулю", "лоб", 2},        {"пуля", "лоб", 2},        {"разговор", "коротк", 3},
    {"устро", "темн", 4},      {"место", "кладбищ", 3},   {"мало", "покаж", 3},
    {"дни", "сочтен", 5},      {"кровью", "умое", 3},     {"кровью", "умоеш", 3},
    {"кровью", "ответ", 3},    {"кровью", "захлеб", 3},   {"кровью", "харка", 3},
    {"живым", "уйд", 4},       {"живыми", "уйд", 4},      {"живым", "выйд", 4},
    {"живыми", "выйд", 4},     {"костей", "собер", 3},    {"прощайтесь", "жизн", 3},
    {"тот", "свет", 1},        {"том", "свет", 1},        {"не", "поздоров", 2},
    {"пожалеете", "родил", 4}, {"пожалеешь", "родил", 4}, {"оглядывайт", "", 0},
    {"оглядывайс", "", 0},     {"несдобровать", "", 0},   {"поплатитесь", "", 0},
    {"поплатишься", "", 0},    {"доиграетесь", "", 0},    {"допрыгаетесь", "", 0}};

// Every list above as one bit; a word's bits are found with one hash lookup (exact forms) and
// one bucket of stems sharing its first two letters, so the rule costs little on long appeals.
enum WordFlag : std::uint64_t {
    kPlan = 1ULL << 0,
    kWeakPlan = 1ULL << 1,
    kPromise = 1ULL << 2,
    kComing = 1ULL << 3,
    kUltimatum = 1ULL << 4,
    kAmbush = 1ULL << 5,
    kWait = 1ULL << 6,
    kSelf = 1ULL << 7,
    kReprisal = 1ULL << 8,
    kBodyVerb = 1ULL << 9,
    kBodyPart = 1ULL << 10,
    kLethalManner = 1ULL << 11,
    kLethalVerb = 1ULL << 12,
    kBare = 1ULL << 13,
    kQuestion = 1ULL << 14,
    kMeansForm = 1ULL << 15,
    kMannerHead = 1ULL << 16,
    kPrivate = 1ULL << 17,
    kLonely = 1ULL << 18,
    kKnowTrace = 1ULL << 19,
    kLawful = 1ULL << 20,
    kPlay = 1ULL << 21,
    kHarmVerb = 1ULL << 22,
    kOutcome = 1ULL << 23,
    kMeansStem = 1ULL << 24,
    kMeansException = 1ULL << 25,
    kBenign = 1ULL << 26,
    kObject = 1ULL << 27,
    kIdiomHead = 1ULL << 28,
    kImperative = 1ULL << 29,
    kHardManner = 1ULL << 30,
    kHazard = 1ULL << 31,
};

class WordIndex {
public:
    WordIndex() {
        const auto exact = [&](std::span<const std::string_view> list, std::uint64_t flag) {
            for (std::string_view w : list) exact_[w] |= flag;
        };
        const auto prefix = [&](std::span<const std::string_view> list, std::uint64_t flag) {
            for (std::string_view w : list) {
                if (w.size() < kKeyBytes) {
                    short_.emplace_back(w, flag);
                } else {
                    buckets_[Key(w)].emplace_back(w, flag);
                }
            }
        };
        exact(kPlanForms, kPlan);
        exact(kWeakPlans, kWeakPlan);
        exact(kPromiseForms, kPromise);
        exact(kComingForms, kComing);
        exact(kUltimatumWords, kUltimatum);
        exact(kAmbushForms, kAmbush);
        exact(kWaitForms, kWait);
        exact(kSelfWords, kSelf);
        exact(kReprisalVerbs, kReprisal);
        exact(kBodyVerbStems, kBodyVerb);
        exact(kBodyParts, kBodyPart);
        exact(kLethalManners, kLethalManner);
        exact(kLethalVerbs, kLethalVerb);
        exact(kBarePronouns, kBare);
        exact(kQuestionOpeners, kQuestion);
        exact(kMeansForms, kMeansForm);
        exact(kMenaceImperatives, kImperative);
        exact(kHardManners, kHardManner);
        for (std::string_view manner : kReprisalManners) {
            exact_[manner] |= kMannerHead;
            exact_[manner.substr(0, manner.find_first_of(" -"))] |= kMannerHead;
        }
        exact(kHazardForms, kHazard);
        prefix(kHazardStems, kHazard);
        prefix(kPrivateStems, kPrivate);
        prefix(kLonelyStems, kLonely);
        prefix(kKnowTraces, kKnowTrace);
        prefix(kLawfulStems, kLawful);
        prefix(kPlayStems, kPlay);
        prefix(kHarmVerbStems, kHarmVerb);
        prefix(kOutcomeStems, kOutcome);
        prefix(kMeansStems, kMeansStem);
        prefix(kMeansExceptions, kMeansException);
        prefix(kBenignObjects, kBenign);
        prefix(kHarmObjects, kObject);
        for (const SplitIdiom& idiom : kSplitIdioms) {
            const std::string_view head[] = {idiom.first};
            prefix(head, kIdiomHead);
        }
    }

    std::uint64_t Flags(std::string_view w) const {
        std::uint64_t flags = 0;
        if (auto it = exact_.find(w); it != exact_.end()) flags |= it->second;
        for (const auto& [stem, flag] : short_) {
            if (w.starts_with(stem)) flags |= flag;
        }
        if (w.size() >= kKeyBytes) {
            if (auto it = buckets_.find(Key(w)); it != buckets_.end()) {
                for (const auto& [stem, flag] : it->second) {
                    if (w.starts_with(stem)) flags |= flag;
                }
            }
        }
        return flags;
    }

private:
    static constexpr std::size_t kKeyBytes = 4;  // two Cyrillic letters
    static std::uint32_t Key(std::string_view s) {
        std::uint32_t key = 0;
        for (std::size_t i = 0; i < kKeyBytes; ++i)
            key = (key << 8) | static_cast<unsigned char>(s[i]);
        return key;
    }

    std::unordered_map<std::string_view, std::uint64_t> exact_;
    std::unordered_map<std::uint32_t, std::vector<std::pair<std::string_view, std::uint64_t>>>
        buckets_;
    std::vector<std::pair<std::string_view, std::uint64_t>> short_;
};

const WordIndex& Index() {
    static const WordIndex index;
    return index;
}

// By sentence: a hazard word is in it (kHazardStems, kHazardForms).
void HazardSentences(const AnalyzedText& text, std::vector<char>& hazard) {
    const auto& tk = text.tokens;
    hazard.assign(tk.empty() ? 0 : static_cast<std::size_t>(tk.back().sentence) + 1, 0);
    for (const Token& t : tk) {
        if (t.script != Script::kCyrillic || t.technical) continue;
        if ((Index().Flags(t.folded) & kHazard) != 0) hazard[t.sentence] = 1;
    }
    // Harm made to happen is no hazard warned of: «проводку в ней можно переделать так, что она
    // загорится на ходу» (frozen set 23) — an act done «так, что» the outcome follows.
    for (std::size_t i = 0; i + 2 < tk.size(); ++i) {
        if (tk[i + 1].folded == "так" && tk[i + 2].folded == "что" &&
            tk[i + 2].sentence == tk[i].sentence && tk[i].folded.ends_with("ть")) {
            hazard[tk[i].sentence] = 0;
        }
    }
}

// A word for a relative (not «школа», «садик» of the family class).
bool Relative(std::string_view w) {
    for (std::string_view stem : {"сын", "доч", "внук", "внуч", "жен", "муж", "мат", "мам", "отц",
                                  "отец", "пап", "брат", "сестр", "ребен", "дет"}) {
        if (w.starts_with(stem)) return true;
    }
    return false;
}

bool Means(std::uint64_t flags) {
    return (flags & kMeansForm) != 0 ||
           ((flags & kMeansStem) != 0 && (flags & kMeansException) == 0);
}

bool EndsWithAny(std::string_view w, std::initializer_list<std::string_view> endings) {
    for (std::string_view e : endings) {
        if (w.size() > e.size() && w.ends_with(e)) return true;
    }
    return false;
}

enum class VerbForm { kNone, kFirstPerson, kInfinitive, kThirdPerson };

// The form of a word with a harm stem: past tenses and participles report events, second-person
// and imperative forms are figurative («вы меня убиваете», «убейте меня»).
VerbForm FormOf(std::string_view w) {
    if (EndsWithAny(w, {"л", "ла", "ло", "ли", "лся", "лась", "лось", "лись"})) {
        return VerbForm::kNone;
    }
    if (EndsWithAny(w, {"ый", "ая", "ое",  "ые",  "ого", "ому", "ой",  "ий",   "ие",   "ых",
                        "ым", "ую", "ими", "ыми", "ние", "ния", "нию", "нием", "шись", "вши"})) {
        return VerbForm::kNone;
    }
    if (EndsWithAny(w, {"ть", "ти", "чь", "ться"})) return VerbForm::kInfinitive;
    if (EndsWithAny(w, {"у", "ю", "ем", "ём", "им", "усь", "юсь", "емся", "имся"})) {
        return VerbForm::kFirstPerson;
    }
    if (EndsWithAny(w, {"ет", "ит", "ут", "ют", "ат", "ят", "ется", "ится", "утся", "ются"})) {
        return VerbForm::kThirdPerson;
    }
    return VerbForm::kNone;
}

struct Clause {
    std::size_t from = 0;
    std::size_t to = 0;  // exclusive
};

}  // namespace

bool IdiomaticHarm(const AnalyzedText& text, std::size_t i) {
    const auto& tk = text.tokens;
    // «Муж угрожал, что сожжёт мои документы»: someone else's act stays for the reported rule.
    const bool third_person = FormOf(tk[i].folded) == VerbForm::kThirdPerson;
    for (std::size_t k = i + 1; k <= i + 4 && k < tk.size() && !third_person; ++k) {
        if (tk[k].sentence != tk[i].sentence) break;
        if ((Index().Flags(tk[k].folded) & kBenign) != 0) return true;
    }
    for (std::size_t k = i; k-- > 0;) {
        if (tk[k].sentence != tk[i].sentence) break;
        if ((Index().Flags(tk[k].folded) & kPlay) != 0) return true;
    }
    for (std::size_t k = i + 1; k < tk.size() && tk[k].sentence == tk[i].sentence; ++k) {
        if ((Index().Flags(tk[k].folded) & kPlay) != 0) return true;
    }
    return false;
}

std::optional<StructuralThreat> FindStructuralThreat(const AnalyzedText& text,
                                                     const ThreatContext& context) {
    const auto& tk = text.tokens;
    if (tk.empty()) return std::nullopt;
    thread_local std::vector<std::uint64_t> flags;
    flags.assign(tk.size(), 0);
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (tk[i].script == Script::kCyrillic && !tk[i].technical) {
            flags[i] = Index().Flags(tk[i].folded);
        }
    }
    const auto has = [&](std::size_t i, std::uint64_t flag) { return (flags[i] & flag) != 0; };
    thread_local std::vector<char> hazard;
    hazard.assign(static_cast<std::size_t>(tk.back().sentence) + 1, 0);
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (has(i, kHazard)) hazard[tk[i].sentence] = 1;
    }
    std::optional<StructuralThreat> best;
    const auto offer = [&](StructuralThreat t) {
        if (!best || best->confidence < t.confidence) best = std::move(t);
    };
    const auto negated = [&](std::size_t i) {
        for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
            const Token& t = tk[i - back];
            if (t.sentence != tk[i].sentence) break;
            if (t.folded == "не" || t.folded == "ни" || t.folded == "никого" ||
                t.folded == "никогда") {
                return true;
            }
        }
        return false;
    };
    // "по-своему", "своими руками", "без суда": a word followed by its partner.
    const auto phrase_at = [&](std::size_t i, std::string_view phrase) {
        if (tk[i].folded == phrase) return true;
        std::size_t k = i;
        std::size_t pos = 0;
        while (pos < phrase.size()) {
            if (k >= tk.size()) return false;
            std::size_t next = phrase.find_first_of(" -", pos);
            if (next == std::string_view::npos) next = phrase.size();
            if (tk[k].folded != phrase.substr(pos, next - pos)) return false;
            pos = next + 1;
            ++k;
        }
        return true;
    };
    const auto benign_after = [&](std::size_t i) {
        for (std::size_t k = i + 1; k <= i + 4 && k < tk.size(); ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (has(k, kBenign)) return true;
        }
        return false;
    };
    // The clause ends with «?»: the characters after its last token up to the next word.
    const auto question_clause = [&](const Clause& c) {
        const Token& last = tk[c.to - 1];
        const std::string_view field = text.Field(last.field);
        for (std::size_t p = last.end; p < field.size(); ++p) {
            const char ch = field[p];
            if (ch == '?') return true;
            if (ch == '.' || ch == '!' || ch == '\n') return false;
            if ((static_cast<unsigned char>(ch) & 0x80) != 0 || (ch >= '0' && ch <= '9') ||
                (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
                return false;
            }
        }
        return false;
    };
    const auto is_target = [&](std::size_t i) {
        if (i < context.target.size() && context.target[i]) return true;
        return has(i, kObject);
    };

    std::size_t from = 0;
    while (from < tk.size()) {
        std::size_t to = from;
        while (to < tk.size() && tk[to].sentence == tk[from].sentence) ++to;
        const std::uint16_t sentence = tk[from].sentence;
        const Clause clause{from, to};
        from = to;
        if (sentence < context.reported.size() && context.reported[sentence]) continue;
        if (has(clause.from, kQuestion)) continue;

        std::optional<std::size_t> own_harm;
        std::optional<std::size_t> infinitive_harm;
        std::optional<std::size_t> outcome;
        std::optional<std::size_t> means;
        std::optional<std::size_t> plan;
        std::optional<std::size_t> strong_plan;
        std::optional<std::size_t> promise;
        std::optional<std::size_t> first_person;  // «я», «мы»
        std::optional<std::size_t> target;
        std::optional<std::size_t> person_target;
        std::optional<std::size_t> ambush;
        std::optional<std::size_t> wait;
        std::optional<std::size_t> know;
        std::optional<std::size_t> know_trace;
        std::optional<std::size_t> reprisal;
        std::optional<std::size_t> manner;
        std::optional<std::size_t> body_harm;
        std::optional<std::size_t> idiom;
        std::optional<std::size_t> named_target;    // not a bare «его», «её»
        std::optional<std::size_t> foreign_target;  // not «наш участковый»
        std::optional<std::size_t> coming;
        bool ultimatum = false;
        bool hard_manner = false;
        bool private_place = false;
        bool lonely = false;
        bool self = false;
        bool lawful = false;
        bool play = false;
        for (std::size_t i = clause.from; i < clause.to; ++i) {
            const Token& t = tk[i];
            if (t.technical || t.quoted || t.script != Script::kCyrillic) continue;
            const std::string_view w = t.folded;
            if (w == "я" || w == "мы") first_person = first_person.value_or(i);
            if (has(i, kSelf)) self = true;
            if (has(i, kHardManner) &&
                (tk[i].folded.starts_with("по") || (i > 0 && tk[i - 1].folded == "по"))) {
                hard_manner = true;
            }
            if (is_target(i) || has(i, kImperative)) {
                if (!target) target = i;
                if (!named_target && !has(i, kBare)) named_target = i;
                if (!person_target && i < context.target.size() && context.target[i]) {
                    person_target = i;
                }
                if (!foreign_target && i < context.target.size() && context.target[i] &&
                    !(i > 0 && tk[i - 1].folded.starts_with("наш"))) {
                    foreign_target = i;
                }
            }
            if (has(i, kPlan) && !negated(i)) {
                if (!plan) plan = i;
                if (!strong_plan && !has(i, kWeakPlan)) strong_plan = i;
            }
            if (has(i, kPromise)) promise = promise.value_or(i);
            if (has(i, kComing) && !negated(i)) coming = coming.value_or(i);
            ultimatum = ultimatum || has(i, kUltimatum);
            if (has(i, kAmbush) && !negated(i)) ambush = ambush.value_or(i);
            if (has(i, kWait) && !negated(i)) wait = wait.value_or(i);
            private_place = private_place || has(i, kPrivate);
            lonely = lonely || has(i, kLonely);
            if ((w == "знаю" || w == "знаем") && !negated(i)) know = know.value_or(i);
            if (know && has(i, kKnowTrace)) know_trace = know_trace.value_or(i);
            if (has(i, kReprisal) && !negated(i)) reprisal = reprisal.value_or(i);
            if (has(i, kMannerHead) && !manner) {
                for (std::string_view m : kReprisalManners) {
                    if (phrase_at(i, m)) manner = i;
                }
            }
            if (has(i, kLawful) && !(i > 0 && tk[i - 1].folded == "без")) {
                lawful = true;
            }
            play = play || has(i, kPlay);
            if (!body_harm && has(i, kBodyVerb) && !negated(i)) {
                const std::size_t lo = i >= clause.from + 2 ? i - 2 : clause.from;
                for (std::size_t k = lo; k <= i + 3 && k < clause.to; ++k) {
                    if (k == i) continue;
                    if (has(k, kBodyPart)) {
                        // «Поломаю голову над формой», «сломаю голову»: puzzling, not harm.
                        if (tk[k].folded != "голову" || w.starts_with("снес") ||
                            w.starts_with("оторв") || w.starts_with("открух") ||
                            w.starts_with("откруч") || w.starts_with("проломл") ||
                            w.starts_with("разобь")) {
                            body_harm = i;
                        }
                        break;
                    }
                }
            }
            if (!body_harm && has(i, kLethalManner) && i > clause.from) {
                // «забью до смерти», «изобью до полусмерти»: a first-person verb before it.
                for (std::size_t k = i - 1; k + 3 >= i && k >= clause.from; --k) {
                    if (has(k, kLethalVerb) && !negated(k)) {
                        body_harm = k;
                        break;
                    }
                    if (k == clause.from) break;
                }
            }
            for (const SplitIdiom& id : kSplitIdioms) {
                if (!has(i, kIdiomHead)) break;
                if (idiom || !w.starts_with(id.first)) continue;
                if (id.last.empty()) {
                    idiom = i;
                    break;
                }
                for (std::size_t k = i + 1; k <= i + id.gap + 1 && k < clause.to; ++k) {
                    if (tk[k].folded.starts_with(id.last)) {
                        idiom = i;
                        break;
                    }
                }
            }
            if (t.letters < 3 || (i < context.vetoed.size() && context.vetoed[i])) continue;
            // «Я скоро взорвусь», «убьюсь об стену»: a reflexive verb of the first person acts on
            // the speaker, unless it is aimed «с вами» (разберусь с вами, поквитаюсь со всеми).
            const auto reflexive_self = [&] {
                if (!EndsWithAny(w, {"усь", "юсь"})) return false;
                for (std::size_t k = i + 1; k <= i + 2 && k < clause.to; ++k) {
                    if (tk[k].folded == "с" || tk[k].folded == "со") return false;
                }
                return true;
            };
            if (has(i, kHarmVerb) && !negated(i) && !benign_after(i) && !reflexive_self()) {
                switch (FormOf(w)) {
                    case VerbForm::kFirstPerson:
                        own_harm = own_harm.value_or(i);
                        break;
                    case VerbForm::kInfinitive:
                        infinitive_harm = infinitive_harm.value_or(i);
                        break;
                    case VerbForm::kThirdPerson:
                        outcome = outcome.value_or(i);
                        break;
                    case VerbForm::kNone:
                        break;
                }
            } else if (has(i, kOutcome) && FormOf(w) == VerbForm::kThirdPerson && !negated(i)) {
                outcome = outcome.value_or(i);
            } else if (Means(flags[i])) {
                means = means.value_or(i);
            }
        }
        if (play) continue;
        // The applicant as the victim («вы меня убиваете», «убью себя») is not a threat to others.
        const bool aimed = target.has_value();
        if (own_harm && aimed && !self) {
            offer({Confidence::kHigh, *own_harm, own_harm, target, "violent_plan"});
            continue;
        }
        if (body_harm && aimed) {
            offer({Confidence::kHigh, *body_harm, body_harm, target, "violent_plan"});
            continue;
        }
        if (own_harm && self && person_target) {
            offer({Confidence::kMedium, *own_harm, own_harm, person_target, "violent_plan"});
        }
        const std::optional<std::size_t> agent = plan ? plan : first_person;
        if (infinitive_harm && named_target && agent && !self && !lawful) {
            offer({Confidence::kMedium, *infinitive_harm, agent, named_target, "violent_plan"});
        }
        // A weapon, fuel or a massacre brought or arranged («приду с канистрой», «устрою
        // бойню»); a weak plan («куплю ружьё») only with an act of harm as well.
        if (means && aimed && (strong_plan || (plan && (own_harm || infinitive_harm)))) {
            offer({Confidence::kHigh, *means, strong_plan ? strong_plan : plan, target,
                   "violent_plan"});
            continue;
        }
        if (idiom && aimed) {
            offer({Confidence::kMedium, *idiom, std::nullopt, target, "veiled_threat"});
        }
        // A question about a possibility («если в школе случится пожар, кто отвечает?») is not
        // an ultimatum; a plan with a weapon or a verb of harm is judged above regardless.
        if (question_clause(clause)) continue;
        if (means && coming && !self) {
            offer({Confidence::kMedium, *means, coming, target, "violent_plan"});
        }
        if (means && aimed && (promise || (ultimatum && first_person)) && !self) {
            offer({Confidence::kMedium, *means, promise ? promise : first_person, target,
                   "ultimatum"});
        }
        if (lawful) continue;
        // «Ваш офис сгорит, я вам это обещаю».
        if (outcome && named_target && promise && !self && hazard[tk[*outcome].sentence] == 0) {
            offer({Confidence::kMedium, *outcome, promise, named_target, "ultimatum"});
        }
        // «Подкараулю вашего директора у подъезда», «дождусь его одного в темноте».
        if (person_target && !self &&
            ((ambush && private_place) || (wait && lonely && (plan || first_person)))) {
            const std::size_t who = ambush ? *ambush : *wait;
            offer({Confidence::kMedium, who, who, person_target, "stalking"});
        }
        // «Знаю, где живёт ваш директор».
        if (know_trace && foreign_target) {
            offer({Confidence::kMedium, *know, know, foreign_target, "stalking"});
        }
        // «Приеду к вам лично и разберусь по-мужски»: coming with a reprisal outside the law.
        if (coming && hard_manner && aimed) {
            offer({Confidence::kMedium, *coming, coming, target, "self_justice"});
        }
        // «Разберусь с вами по-своему», «приеду, и поговорим по-мужски».
        if (reprisal && manner && (person_target || plan || first_person)) {
            offer({Confidence::kMedium, *reprisal, plan ? plan : reprisal, person_target,
                   "self_justice"});
        }
    }
    return best;
}

std::optional<ThreatHint> ParseThreatHint(std::string_view name) {
    static constexpr std::pair<std::string_view, ThreatHint> kNames[] = {
        {"strong_menace", ThreatHint::kStrongMenace},
        {"menace", ThreatHint::kMenace},
        {"surveillance", ThreatHint::kSurveillance},
        {"means", ThreatHint::kMeans},
        {"harm", ThreatHint::kHarm},
        {"family", ThreatHint::kFamily},
        {"pressure", ThreatHint::kPressure},
        {"lawful", ThreatHint::kLawful},
        {"concern", ThreatHint::kConcern},
        {"skill", ThreatHint::kSkill},
    };
    for (const auto& [n, hint] : kNames) {
        if (n == name) return hint;
    }
    return std::nullopt;
}

std::optional<VeiledThreat> FindVeiledThreat(const AnalyzedText& text, const ThreatContext& context,
                                             const std::vector<ThreatHintHit>& hits) {
    const auto& tk = text.tokens;
    if (tk.empty() || hits.empty()) return std::nullopt;
    const std::size_t sentences = static_cast<std::size_t>(tk.back().sentence) + 1;
    // A sentence is out when it reports someone else's words, asks something («если случится
    // пожар, кто отвечает?») or names lawful recourse («обращусь в прокуратуру, если…»).
    thread_local std::vector<char> out;
    out.assign(sentences, 0);
    thread_local std::vector<char> asked;  // by sentence: it ends with a question mark
    asked.assign(sentences, 0);
    for (std::size_t s = 0; s < sentences && s < context.reported.size(); ++s) {
        if (context.reported[s]) out[s] = 1;
    }
    for (std::size_t i = 0; i < tk.size(); ++i) {
        const bool last = i + 1 == tk.size() || tk[i + 1].sentence != tk[i].sentence;
        if (!last) continue;
        const std::string_view field = text.Field(tk[i].field);
        for (std::size_t p = tk[i].end; p < field.size(); ++p) {
            const char ch = field[p];
            if (ch == '?') out[tk[i].sentence] = asked[tk[i].sentence] = 1;
            if (ch == '?' || ch == '.' || ch == '!' || ch == '\n') break;
            if ((static_cast<unsigned char>(ch) & 0x80) != 0 || (ch >= '0' && ch <= '9') ||
                (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
                break;
            }
        }
    }
    const auto own = [&](const ThreatHintHit& h) {
        if (h.first >= tk.size()) return false;
        if (tk[h.first].quoted && !context.caller_quotes) return false;
        return out[tk[h.first].sentence] == 0;
    };
    // Lawful recourse named takes its sentence out, unless it is refused («без адвокатов и без
    // камер»: frozen set 13).
    for (const ThreatHintHit& h : hits) {
        if (h.hint == ThreatHint::kLawful && h.first < tk.size() &&
            !(h.first > 0 && tk[h.first - 1].folded == "без")) {
            out[tk[h.first].sentence] = 1;
        }
    }
    // Someone else's family: a possessive or a member of staff just before it («у вашей
    // заведующей двое детей») or «вашего» just after it, not «дети ждут автобуса».
    const auto others_family = [&](std::size_t i) {
        for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
            const Token& t = tk[i - back];
            if (t.sentence != tk[i].sentence) break;
            const std::string_view w = t.folded;
            if (w.starts_with("ваш") || w == "его" || w == "ее" || w == "их" || w == "ему" ||
                w == "ей" || w == "него" || w == "нее") {
                return true;
            }
            if (i - back < context.target.size() && context.target[i - back] &&
                !w.starts_with("наш") && w != "вы" && w != "вас" && w != "вам") {
                return true;
            }
        }
        // «сын вашего директора», «сын навигатора Кругловой» (frozen set 18): the owner after
        // the word, «yours», a member of staff or a named person.
        for (std::size_t k = i + 1; k <= i + 2 && k < tk.size(); ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (tk[k].folded.starts_with("ваш")) return true;
            if (k == i + 1 && tk[k].gap == Gap::kSpace && Relative(tk[i].folded) &&
                ((k < context.target.size() && context.target[k]) ||
                 (k < context.named.size() && context.named[k]))) {
                return true;
            }
        }
        return false;
    };
    std::array<std::optional<ThreatHintHit>, 10> first{};
    std::size_t surveillance_hits = 0;
    std::size_t menace_hits = 0;
    std::size_t concern_hits = 0;
    std::size_t last_menace = tk.size();
    // An outcome of harm beside a hazard (gas, wiring, a rotten tree) warns of an accident.
    thread_local std::vector<char> hazard;
    HazardSentences(text, hazard);
    for (const ThreatHintHit& h : hits) {
        if (!own(h)) continue;
        if (h.hint == ThreatHint::kFamily && !others_family(h.first)) continue;
        if (h.hint == ThreatHint::kHarm && hazard[tk[h.first].sentence] != 0) continue;
        auto& slot = first[static_cast<std::size_t>(h.hint)];
        if (!slot) slot = h;
        if (h.hint == ThreatHint::kSurveillance) ++surveillance_hits;
        // Distinct menaces: overlapping patterns («пожалеете», «пожалеете что родились») once.
        if ((h.hint == ThreatHint::kMenace || h.hint == ThreatHint::kConcern) &&
            (last_menace == tk.size() || h.first > last_menace)) {
            ++(h.hint == ThreatHint::kMenace ? menace_hits : concern_hits);
            last_menace = h.last;
        }
    }
    const auto at = [&](ThreatHint h) { return first[static_cast<std::size_t>(h)]; };
    std::optional<ThreatHintHit> target;
    for (std::size_t i = 0; i < tk.size() && i < context.target.size(); ++i) {
        if (!context.target[i] || out[tk[i].sentence] != 0) continue;
        if (tk[i].quoted && !context.caller_quotes) continue;
        // «Наш участковый», «нашей школы»: the applicant's own side.
        if (i > 0 && tk[i - 1].folded.starts_with("наш")) continue;
        target = ThreatHintHit{ThreatHint::kFamily, i, i};
        break;
    }
    // «Ваш склад», «вашего главы», «вашему отделению»: whatever belongs to the recipient is a
    // target even when the vocabulary does not know the noun.
    for (std::size_t i = 0; !target && i + 1 < tk.size(); ++i) {
        if (out[tk[i].sentence] != 0 || (tk[i].quoted && !context.caller_quotes)) continue;
        if (tk[i].folded.starts_with("ваш") && tk[i + 1].sentence == tk[i].sentence) {
            target = ThreatHintHit{ThreatHint::kFamily, i + 1, i + 1};
        }
    }
    const auto family = at(ThreatHint::kFamily);
    const auto pressure = at(ThreatHint::kPressure);
    const auto aimed = target ? target : family ? family : pressure;
    VeiledThreat found;
    found.asks = context.request;
    // A question of the applicant's own («когда добавят операторов?», «если что-то случится,
    // кто ответит?»): a sentence ending in «?» with a question word, not a reported one.
    static constexpr std::string_view kAskWords[] = {
        "когда", "как",   "где",   "куда",  "кто",        "почему",  "зачем", "сколько", "можно",
        "какой", "какая", "какие", "каким", "подскажите", "скажите", "ли",    "чем"};
    for (std::size_t i = 0; i < tk.size() && !found.asks; ++i) {
        const std::size_t s = tk[i].sentence;
        if (asked[s] == 0 || tk[i].quoted) continue;
        if (s < context.reported.size() && context.reported[s]) continue;
        if (std::find(std::begin(kAskWords), std::end(kAskWords), tk[i].folded) !=
            std::end(kAskWords)) {
            found.asks = true;
        }
    }
    const auto add = [&](const std::optional<ThreatHintHit>& h) {
        if (h) found.cues.push_back(*h);
    };
    // «Вам не жить, если…», «советую купить бронежилеты».
    if (const auto strong = at(ThreatHint::kStrongMenace);
        strong && (target || pressure || at(ThreatHint::kMenace))) {
        add(strong);
        add(aimed);
        found.kind = "veiled_threat";
        return found;
    }
    // Concern is a menace when aimed at «your» people («у вашего начальника», «ваши дети») or
    // after a refusal, and the applicant asks nothing of their own («поставьте забор»).
    bool yours = family.has_value();
    for (std::size_t i = 1; i < tk.size() && i < context.target.size() && !yours; ++i) {
        if (!context.target[i] || out[tk[i].sentence] != 0) continue;
        const std::string_view w = tk[i].folded;
        if (w == "вы" || w == "вас" || w == "вам" || w == "вами" || w == "он" || w == "она" ||
            w == "они" || w == "его" || w == "ее" || w == "их" || w == "ему" || w == "ей" ||
            tk[i - 1].folded.starts_with("наш")) {
            continue;
        }
        yours = true;
    }
    const auto concern = at(ThreatHint::kConcern);
    const bool concern_menace = concern && (yours || pressure) && !context.request;
    if (concern_menace) menace_hits += concern_hits;
    const auto menace = at(ThreatHint::kMenace) ? at(ThreatHint::kMenace)
                        : concern_menace        ? concern
                                                : std::nullopt;
    const auto watch = at(ThreatHint::kSurveillance);
    const auto means = at(ThreatHint::kMeans);
    const auto harm = at(ThreatHint::kHarm);
    // «Знаю, где живёт ваш директор и в какой садик ходит его сын».
    // A named person in the sentence of the watching (not «он», not «наш участковый»).
    std::optional<ThreatHintHit> watched;
    bool watched_by_name = false;
    // «Ольга Сергеевна живёт в соседнем с нами доме» (frozen set 14): a named person first.
    for (std::size_t i = 0; watch && i < tk.size() && i < context.named.size(); ++i) {
        if (context.named[i] && tk[i].sentence == tk[watch->first].sentence) {
            watched = ThreatHintHit{ThreatHint::kFamily, i, i};
            watched_by_name = true;
            break;
        }
    }
    for (std::size_t i = 0; watch && !watched && i < tk.size() && i < context.target.size(); ++i) {
        if (!context.target[i] || tk[i].sentence != tk[watch->first].sentence) continue;
        const std::string_view w = tk[i].folded;
        if (w == "он" || w == "она" || w == "его" || w == "ее" || w == "они" || w == "их" ||
            w == "ему" || w == "ей" || (i > 0 && tk[i - 1].folded.starts_with("наш"))) {
            continue;
        }
        watched = ThreatHintHit{ThreatHint::kFamily, i, i};
        break;
    }
    // A named person's private life beside a warning («…живёт в соседнем доме, второй этаж…
    // А то мало ли что»: frozen set 14): the warning needs no refusal before it here, and the
    // applicant's own request elsewhere in the letter does not excuse it.
    const bool warned = at(ThreatHint::kMenace) || concern;
    if (watch && (family || (surveillance_hits >= 2 && (watched || pressure)) ||
                  (watched_by_name && warned))) {
        add(watch);
        add(family ? family : watched ? watched : pressure);
        found.family_watched = family.has_value();
        // A named person's home, car or hours are no hazard to warn of, whatever the letter
        // asks besides.
        found.kind = watched_by_name && warned && !family ? "private_life" : "stalking";
        return found;
    }
    // The applicant's trade, access or know-how beside a member of staff watched or within
    // reach, or beside their family, under a demand, a menace or a harm told (frozen set 20:
    // «Я кинолог-любитель, у меня два ротвейлера… Консультант каждый вечер в 19:30 идёт через
    // парк… Пусть в следующий раз заявление примет»). A professional warning of a hazard
    // names nobody's comings and goings.
    // Of the family, a relative («её дочку», «его жену»), not «школу».
    std::optional<ThreatHintHit> relative;
    for (const ThreatHintHit& h : hits) {
        if (!relative && h.hint == ThreatHint::kFamily && own(h) && Relative(tk[h.first].folded) &&
            others_family(h.first)) {
            relative = h;
        }
    }
    // The watching told as a neutral fact: a routine that is itself the complaint («ваш
    // контролёр каждое утро садится в мой автобус и не платит») is what the letter is about,
    // not a person kept in sight.
    const auto neutral = [&](const std::optional<ThreatHintHit>& cue) {
        if (!cue) return false;
        for (std::size_t k = 0; k < tk.size(); ++k) {
            if (tk[k].sentence != tk[cue->first].sentence) continue;
            const std::string_view w = tk[k].folded;
            if (w == "не" || w == "нет" || w == "ни" || w == "без") return false;
        }
        return true;
    };
    // A demand with a term: «Пусть вернёт площадку», «запишите до четверга», «до завтра скажите
    // адрес»; an operator's «Требует приезда инженера завтра» (frozen set 23).
    const auto demand_told = [&]() -> std::optional<ThreatHintHit> {
        for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
            if (out[tk[i].sentence] != 0 || tk[i].quoted) continue;
            const std::string_view w = tk[i].folded;
            const std::string_view next = tk[i + 1].folded;
            const bool let = w == "пусть" && tk[i + 1].sentence == tk[i].sentence;
            const bool deadline =
                w == "до" && tk[i + 1].sentence == tk[i].sentence &&
                (next == "завтра" || next == "понедельника" || next == "вторника" ||
                 next == "среды" || next == "четверга" || next == "пятницы" || next == "субботы" ||
                 next == "воскресенья" || next == "вечера" ||
                 // «Решайте до снега», «до холодов» (frozen set 15).
                 next == "снега" || next == "холодов" || next == "зимы" || next == "морозов" ||
                 next == "выходных" || next == "праздников");
            if (let || deadline) return ThreatHintHit{ThreatHint::kPressure, i, i + 1};
            if (w.starts_with("требу")) {
                for (std::size_t k = i + 1; k < tk.size() && tk[k].sentence == tk[i].sentence;
                     ++k) {
                    if (tk[k].folded == "завтра" || tk[k].folded == "сегодня") {
                        return ThreatHintHit{ThreatHint::kPressure, i, k};
                    }
                }
            }
        }
        return std::nullopt;
    };
    if (const auto skill = at(ThreatHint::kSkill); skill && (neutral(watch) || relative)) {
        std::optional<ThreatHintHit> demand = pressure ? pressure : menace ? menace : harm;
        if (!demand) demand = demand_told();
        if (demand) {
            add(skill);
            add(watch ? watch : relative);
            add(demand);
            found.kind = "veiled_threat";
            return found;
        }
    }
    // A means of harm beside what is the recipient's, under an ultimatum («бита в багажнике…
    // если в понедельник опять не будет воды») or with its outcome («кислота лица не красит»),
    // in a letter that asks nothing of its own.
    if (means && target && (pressure || harm) && !found.asks) {
        add(means);
        add(target);
        add(pressure ? pressure : harm);
        found.kind = "veiled_threat";
        return found;
    }
    // The applicant's trade beside an ultimatum and what would befall what is the recipient's,
    // in a letter that asks nothing of its own (frozen set 22: «Я лесник… его дом загорится
    // первым, пока он там ночует, если он не подпишет»; «Я демонтажник… знаю, какую перегородку
    // достаточно тронуть… Если мой сын не получит сертификат…»).
    // The ultimatum sets the outcome's condition: in its sentence or the next («третий раз
    // перекапывают… посмотрим, как мэрия запоёт» is a blogger's remark, not one).
    const auto near = [&](const std::optional<ThreatHintHit>& a, const ThreatHintHit& b) {
        if (!a) return false;
        const auto x = tk[a->first].sentence;
        const auto y = tk[b.first].sentence;
        return (x > y ? x - y : y - x) <= 1;
    };
    const auto condition = pressure                 ? pressure
                           : at(ThreatHint::kSkill) ? demand_told()
                                                    : std::nullopt;
    if (const auto skill = at(ThreatHint::kSkill);
        skill && condition && (near(harm, *condition) || near(menace, *condition)) && target &&
        !found.asks) {
        add(skill);
        add(near(harm, *condition) ? harm : menace);
        add(condition);
        add(target);
        found.kind = "veiled_threat";
        return found;
    }
    // An intent (a menace or watching) with a second cue of another class, aimed at someone.
    std::size_t classes = 0;
    for (const std::optional<ThreatHintHit>* cue : {&menace, &watch, &means, &harm}) {
        classes += cue->has_value() ? 1U : 0U;
    }
    // «Требовал сообщить её домашний адрес» after a member of staff is named: the watching
    // aims at her (frozen set 20).
    std::optional<ThreatHintHit> watched_one;
    if (watch && (tk[watch->first].folded == "ее" || tk[watch->first].folded == "его" ||
                  tk[watch->first].folded == "их")) {
        for (std::size_t i = 0; i < watch->first && !watched_one; ++i) {
            if ((i < context.target.size() && context.target[i]) ||
                (i < context.named.size() && context.named[i])) {
                watched_one = ThreatHintHit{ThreatHint::kFamily, i, i};
            }
        }
    }
    const auto aimed_at = aimed ? aimed : watched_one;
    // Menaces piled up («запомните этот день… ещё узнаете… я предупредил»).
    if (((menace || watch) && classes >= 2 && aimed_at) || (menace_hits >= 2 && aimed)) {
        add(menace);
        add(watch);
        add(means);
        add(harm);
        add(aimed_at);
        found.kind = "veiled_threat";
        return found;
    }
    return std::nullopt;
}

}  // namespace otklik::triage
