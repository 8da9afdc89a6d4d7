-- wrk script for issue 18, point 3: registrations over HTTP with varied Russian texts, so that
-- triage's duplicate and mass-incident checks meet the mix of a real desk, not one text repeated.
--   OTKLIK_TOKEN=... wrk -t2 -c64 -d10s -s bench/wrk/register.lua http://127.0.0.1:PORT
-- Prints one JSON line at the end (rate, p50_ms, p99_ms, errors), like bench/load_client.cpp.

local token = os.getenv("OTKLIK_TOKEN") or ""

local openings = {
  "Здравствуйте!", "Добрый день.", "Уважаемая служба поддержки,", "Прошу помочь.",
  "Доброе утро!", "Обращаюсь повторно не по тому же вопросу, а по новому.", "Коллеги, добрый день!",
}
local problems = {
  "при формировании отчёта появляется ошибка «Превышено время ожидания»",
  "не подписывается документ электронной подписью, пишет «сертификат недействителен»",
  "в личном кабинете не отображается загруженный договор",
  "после обновления не открывается карточка закупки",
  "не приходит код подтверждения на телефон",
  "при сохранении извещения страница зависает",
  "не могу прикрепить файл больше 5 МБ",
  "в реестре контрактов пропала запись о поставщике",
  "при входе через госуслуги возвращает на начальную страницу",
  "не формируется протокол подведения итогов",
  "в расписании указан неверный срок подачи заявок",
  "система требует заново указать реквизиты организации",
}
local details = {
  "Ошибка воспроизводится у всех сотрудников отдела.", "Перезапуск браузера не помогает.",
  "Очистка кэша ничего не дала.", "Проблема началась вчера вечером.",
  "В Chrome и в Firefox одно и то же.", "Скриншот могу прислать по запросу.",
  "Срок сдачи документов истекает в пятницу.", "Раньше всё работало без сбоев.",
  "Пробовали с другого компьютера — то же самое.", "Техподдержка организации причину не нашла.",
}
local closings = {
  "Просим помочь как можно скорее.", "Заранее спасибо.", "Жду ответа.",
  "Подскажите, что делать.", "Прошу разобраться и сообщить о результате.", "",
}
local surnames = { "Кузнецова", "Иванов", "Петрова", "Смирнов", "Соколова", "Попов", "Лебедева",
  "Морозов", "Волкова", "Новиков" }
local names = { "Ольга", "Андрей", "Мария", "Сергей", "Елена", "Дмитрий", "Анна", "Игорь" }

local function pick(list) return list[math.random(#list)] end

local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
end

function init(args)
  math.randomseed(1000 + (thread_id or 0))
end

local function escape(s) return (s:gsub('\\', '\\\\'):gsub('"', '\\"')) end

function request()
  counter = counter + 1
  local n = (thread_id or 0) * 10000000 + counter
  local text = pick(openings) .. " " .. "С " .. math.random(1, 28) .. " числа " .. pick(problems)
    .. ". " .. pick(details) .. " " .. pick(details) .. " Номер заявки " .. math.random(100000, 999999)
    .. ". " .. pick(closings)
  local body = '{"regulation":"hotline","channel":"api","category":"ИНЦ","priority":"P3",'
    .. '"subject":"' .. escape(pick(problems)) .. '",'
    .. '"text":"' .. escape(text) .. '",'
    .. '"applicant":{"last_name":"' .. pick(surnames) .. '","first_name":"' .. pick(names) .. '",'
    .. '"email":"wrk' .. n .. '@example.ru","region":"77","contact_channel":"email",'
    .. '"address":"г. Москва, ул. Тверская, д. ' .. math.random(1, 40) .. '"}}'
  return wrk.format("POST", "/api/v1/appeals", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end

-- wrk counts answers of 400 and above as errors.status.
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    '{"requests": %d, "errors": %d, "seconds": %.3f, "rate": %.0f, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, errors, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
