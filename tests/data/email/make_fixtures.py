#!/usr/bin/env python3
"""Writes the e-mail fixture corpus of the project (tests/data/email/*.eml).

The letters are written here by hand, byte for byte, so that each charset and transfer
encoding is exactly what real Russian mail carries; run it again after changing a letter.
"""
import base64
import quopri
from pathlib import Path

HERE = Path(__file__).parent


def b64(text, charset):
    return base64.encodebytes(text.encode(charset)).decode("ascii")


def word(text, charset, mode="B"):
    raw = text.encode(charset)
    if mode == "B":
        return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode("ascii"))
    q = quopri.encodestring(raw, header=True).decode("ascii").replace("\n", "")
    return "=?%s?Q?%s?=" % (charset, q)


def write(name, head, body):
    data = head.encode("ascii") if isinstance(head, str) else head
    data += b"\r\n"
    data += body if isinstance(body, bytes) else body.encode("ascii")
    (HERE / name).write_bytes(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


TEXT = ("Здравствуйте! Не могу записаться на пробу профессии, сайт выдаёт ошибку 500 "
        "при выборе площадки. Прошу помочь.")

write("utf8_qp_emoji.eml",
      "From: %s <ivan.petrov@example.ru>\nTo: bilet@example.org\n"
      "Subject: %s\nMessage-ID: <utf8-qp-1@example.ru>\n"
      "Date: Mon, 12 Jan 2026 10:00:00 +0300\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n"
      % (word("Иван Петров", "utf-8"), word("Ошибка записи 😢", "utf-8")),
      quopri.encodestring((TEXT + " Спасибо 🙏").encode("utf-8")).decode("ascii"))

write("cp1251_declared.eml",
      "From: %s <olga@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <cp1251-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n"
      % (word("Ольга Смирнова", "windows-1251"), word("Вопрос о сертификате", "windows-1251")),
      ("Добрый день! Где скачать сертификат участника? Ольга").encode("windows-1251"))

write("koi8r_declared.eml",
      "From: %s <koi@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <koi8-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: base64\n"
      % (word("Сергей Кузнецов", "koi8-r", "Q"), word("Не приходит письмо", "koi8-r", "Q")),
      b64("Здравствуйте, не приходит письмо с подтверждением регистрации.", "koi8-r"))

write("cp1251_undeclared.eml",
      b"From: \"" + "Анна Иванова".encode("windows-1251") + b"\" <anna@example.ru>\n"
      b"To: bilet@example.org\nSubject: " + "Нет кнопки записи".encode("windows-1251") +
      b"\nMessage-ID: <cp1251-raw-1@example.ru>\nMIME-Version: 1.0\n"
      b"Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n",
      "В личном кабинете пропала кнопка записи на мероприятие.".encode("windows-1251"))

write("koi8r_declared_as_cp1251.eml",
      "From: petr@example.ru\nTo: bilet@example.org\nSubject: Ошибка кодировки\n"
      .replace("Ошибка кодировки", word("Ошибка кодировки", "utf-8")) +
      "Message-ID: <wrong-charset-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n",
      "Почтовая программа указала неверную кодировку письма, но текст читается.".encode("koi8-r"))

write("utf8_declared_as_cp1251.eml",
      "From: maria@example.ru\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <wrong-charset-2@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: 8bit\n"
      % word("Про наставника", "utf-8"),
      "Как сменить наставника в личном кабинете?".encode("utf-8"))

write("html_only.eml",
      "From: %s <html@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <html-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n"
      % (word("Дмитрий Орлов", "utf-8"), word("Вопрос по расписанию", "utf-8")),
      b64("<html><head><style>p{color:red}</style><title>x</title></head><body>"
          "<p>Здравствуйте!</p><p>Подскажите &laquo;расписание&raquo; проб&nbsp;на март &mdash; "
          "где оно?<br>Спасибо.</p><script>alert(1)</script>"
          "<blockquote><p>Старое письмо</p></blockquote></body></html>", "utf-8"))

write("attachments.eml",
      "From: %s <docs@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <attach-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"XYZ\"\n"
      % (word("Елена Соколова", "utf-8"), word("Документы для участия", "utf-8")),
      "--XYZ\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
      b64("Направляю согласие на обработку данных и скан паспорта.", "utf-8") +
      "--XYZ\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n"
      "Content-Disposition: attachment; filename*=UTF-8''%D1%81%D0%BE%D0%B3%D0%BB%D0%B0%D1%81%D0%B8%D0%B5.pdf\n\n" +
      base64.encodebytes(b"%PDF-1.4\n% fixture\n").decode("ascii") +
      "--XYZ\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
      "Content-Disposition: attachment; filename=\"setup.exe\"\n\n" +
      base64.encodebytes(b"MZ\x90\x00fixture").decode("ascii") + "--XYZ--\n")

write("reply_quoted.eml",
      "From: %s <ivan.petrov@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <reply-1@example.ru>\nIn-Reply-To: <otklik.5.42@otklik.local>\n"
      "References: <utf8-qp-1@example.ru> <otklik.5.42@otklik.local>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
      % (word("Иван Петров", "utf-8"), word("Re: Обращение ББ-2026-000001: нужна информация", "utf-8")),
      ("Площадка: колледж №5, город Казань.\n\n-- \nИван Петров\n+7 900 000-00-00\n\n"
       "12.01.2026, 12:00, Отклик пишет:\n> Для работы по обращению нам не хватает информации\n"
       "> Укажите площадку.\n").encode("utf-8"))

write("reply_uin_subject.eml",
      "From: ivan.petrov@example.ru\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <reply-2@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
      % word("RE: [ББ-2026-000001] Обращение: решение", "utf-8"),
      "Подтверждаю, вопрос решён. Спасибо!\n\nОтправлено с iPhone\n".encode("utf-8"))

write("outlook_reply.eml",
      "From: %s <boss@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <outlook-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: quoted-printable\n"
      % (word("Сидоров Алексей", "windows-1251"), word("RE: Заявка", "windows-1251")),
      quopri.encodestring(("Не согласен с решением, проблема осталась.\n\n"
                           "От: Отклик [mailto:noreply@otklik.local]\nОтправлено: 12 января 2026 г. 12:00\n"
                           "Кому: boss@example.ru\nТема: Решение\n\nПо обращению принято решение.\n")
                          .encode("windows-1251")).decode("ascii"))

write("auto_reply_rfc3834.eml",
      "From: vacation@example.ru\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <auto-1@example.ru>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
      % word("Автоматический ответ: Обращение ББ-2026-000001", "utf-8"),
      "Я в отпуске до 20 января.".encode("utf-8"))

write("x_autoreply.eml",
      "From: robot@example.ru\nTo: bilet@example.org\nSubject: Out of office\n"
      "Message-ID: <auto-2@example.ru>\nX-Autoreply: yes\nPrecedence: auto_reply\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=us-ascii\n", "I am away.")

write("precedence_bulk.eml",
      "From: news@example.ru\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <bulk-1@example.ru>\nPrecedence: bulk\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n"
      % word("Новости недели", "utf-8"), "Рассылка.".encode("utf-8"))

write("bounce_dsn.eml",
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.ru>\nTo: noreply@otklik.local\n"
      "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <bounce-1@mx.example.ru>\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n",
      "--B\nContent-Type: text/plain\n\nThe mail system could not deliver.\n"
      "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.ru\n\n"
      "Final-Recipient: rfc822; nobody@example.ru\nAction: failed\nStatus: 5.1.1\n"
      "--B\nContent-Type: message/rfc822\n\nFrom: noreply@otklik.local\nSubject: x\n\nbody\n--B--\n")

write("null_sender.eml",
      "Return-Path: <>\nFrom: notifications@example.ru\nTo: bilet@example.org\n"
      "Subject: Delivery delayed\nMessage-ID: <null-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain\n", "Delayed.")

write("org_mail_full_name.eml",
      "From: %s <petrov@example.ru>\nTo: info@example.org\nSubject: %s\n"
      "Message-ID: <org-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
      % (word("Петров Пётр Петрович", "utf-8"), word("О методических материалах", "utf-8")),
      b64("Прошу направить методические материалы для наставников.", "utf-8"))

write("empty_text.eml",
      "From: %s <empty@example.ru>\nTo: info@example.org\nSubject: \n"
      "Message-ID: <empty-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\n" % word("Кто-то", "utf-8"), "\n")

write("no_message_id.eml",
      "From: nomid@example.ru\nTo: bilet@example.org\nSubject: %s\nMIME-Version: 1.0\n"
      "Content-Type: multipart/alternative; boundary=\"A\"\n" % word("Без идентификатора", "utf-8"),
      "--A\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
      b64("Письмо без Message-ID, текстовая часть.", "utf-8") +
      "--A\nContent-Type: text/html; charset=utf-8\n\n<p>HTML part</p>\n--A--\n")

# Replies that carry neither our Message-ID nor a UIN: threaded by the sender's address and the
# subject without its Re:/Fwd:/Ответ: prefixes.
write("reply_same_subject.eml",
      "From: %s <Ivan.Petrov@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <reply-3@example.ru>\nDate: Tue, 13 Jan 2026 09:00:00 +0300\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
      % (word("Иван Петров", "utf-8"), word("Ответ: RE:  Ошибка записи 😢", "utf-8")),
      b64("Площадка: колледж №5, город Казань. Ошибка повторяется и сегодня.\n\n"
          "С уважением,\nИван Петров\n", "utf-8"))

write("reply_same_subject_koi8.eml",
      "From: %s <koi@example.ru>\nTo: bilet@example.org\nSubject: %s\n"
      "Message-ID: <reply-koi8-1@example.ru>\nMIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n"
      % (word("Сергей Кузнецов", "koi8-r", "Q"), word("Отв: Fwd: не приходит письмо", "koi8-r", "Q")),
      "Письмо так и не пришло, папку \"Спам\" проверил.\n".encode("koi8-r"))
