BEGIN TRANSACTION;
CREATE TABLE applied_events (
	seq INTEGER NOT NULL, 
	event_hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (seq), 
	UNIQUE (event_hash)
);
INSERT INTO "applied_events" VALUES(1,'2cc7f3ed8db7ce944e9845c9780e7578cf718719f57b76eea0e8ec37a49df9d4','key.added','2026-12-01 21:24:23.066274');
INSERT INTO "applied_events" VALUES(2,'07d104e0bb11d253a3b561bdee606186031050d784802cf6068234f42d1fc4cc','import','2026-12-01 21:24:25.360334');
INSERT INTO "applied_events" VALUES(3,'fe2711c206cbc30b3499a158dbe9a2869d665ee7e8e751e66c75201c5cd344d6','import','2026-12-01 21:24:26.889794');
INSERT INTO "applied_events" VALUES(4,'c1f842240a866867ddb82f4c44cec8062a1defef95153272d28f89d489d3a4cc','import','2026-12-01 21:24:28.466376');
INSERT INTO "applied_events" VALUES(5,'cd334f18776ed74ac2a35ceb918370d3ca2305df8e98644419faececf43491f6','link.run','2026-12-01 21:24:36.771458');
CREATE TABLE evidence (
	id INTEGER NOT NULL, 
	object_sha256 VARCHAR(64) NOT NULL, 
	file_name TEXT, 
	media_type VARCHAR(100), 
	size INTEGER, 
	sensitive BOOLEAN NOT NULL, 
	custody JSON NOT NULL, 
	added_at DATETIME NOT NULL, 
	event_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	UNIQUE (object_sha256)
);
CREATE TABLE evidence_links (
	id INTEGER NOT NULL, 
	evidence_id INTEGER NOT NULL, 
	record_id INTEGER, 
	person_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(evidence_id) REFERENCES evidence (id), 
	FOREIGN KEY(record_id) REFERENCES records (id), 
	FOREIGN KEY(person_id) REFERENCES persons (id)
);
CREATE TABLE imports (
	id INTEGER NOT NULL, 
	source_id INTEGER NOT NULL, 
	object_sha256 VARCHAR(64) NOT NULL, 
	file_name TEXT NOT NULL, 
	file_format VARCHAR(10) NOT NULL, 
	encoding VARCHAR(40), 
	mapping JSON NOT NULL, 
	rows_read INTEGER NOT NULL, 
	records_imported INTEGER NOT NULL, 
	rows_rejected INTEGER NOT NULL, 
	problem_count INTEGER NOT NULL, 
	imported_at DATETIME NOT NULL, 
	event_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_import_source_object UNIQUE (source_id, object_sha256), 
	FOREIGN KEY(source_id) REFERENCES sources (id)
);
INSERT INTO "imports" VALUES(1,1,'e097c580b5c623344e97f79e67b76b70031d81525e3c90325f9a4737ac23d9d7','morgue.csv','csv','utf-8','{"columns": {"id": "\u0631\u062f\u06cc\u0641", "given_name": "\u0646\u0627\u0645", "family_name": "\u0646\u0627\u0645 \u062e\u0627\u0646\u0648\u0627\u062f\u06af\u06cc", "father_name": "\u0646\u0627\u0645 \u067e\u062f\u0631", "age": "\u0633\u0646", "sex": "\u062c\u0646\u0633\u06cc\u062a", "date": "\u062a\u0627\u0631\u06cc\u062e", "province": "\u0627\u0633\u062a\u0627\u0646", "city": "\u0634\u0647\u0631", "count": "\u062a\u0639\u062f\u0627\u062f", "notes": "\u062a\u0648\u0636\u06cc\u062d\u0627\u062a"}, "calendar": "auto", "event_type": null}',17,17,0,0,'2026-12-01 21:24:25.187942',NULL);
INSERT INTO "imports" VALUES(2,2,'b2f1af166bdf0609f4a876227d5b3e2b0be39c0b6617e20f763f645821aa9cfc','ngo.csv','csv','utf-8','{"columns": {"id": "id", "given_name": "given name", "family_name": "family name", "father_name": "father''s name", "age": "age", "sex": "sex", "date": "date", "province": "province", "city": "city", "event_type": "event"}, "calendar": "auto", "event_type": null}',16,16,0,0,'2026-12-01 21:24:26.736545',NULL);
INSERT INTO "imports" VALUES(3,3,'918ea7d2059213ac94c0467998d55f4bc40c11bde283dd6b8a4b92d4905805c0','family.csv','csv','utf-8','{"columns": {"id": "\u0631\u062f\u06cc\u0641", "given_name": "\u0646\u0627\u0645", "family_name": "\u0646\u0627\u0645 \u062e\u0627\u0646\u0648\u0627\u062f\u06af\u06cc", "father_name": "\u0646\u0627\u0645 \u067e\u062f\u0631", "age": "\u0633\u0646", "sex": "\u062c\u0646\u0633\u06cc\u062a", "date": "\u062a\u0627\u0631\u06cc\u062e", "province": "\u0627\u0633\u062a\u0627\u0646", "city": "\u0634\u0647\u0631", "event_type": "\u0648\u0636\u0639\u06cc\u062a"}, "calendar": "auto", "event_type": null}',9,9,0,0,'2026-12-01 21:24:28.279900',NULL);
CREATE TABLE link_decisions (
	id INTEGER NOT NULL, 
	source_a VARCHAR(200) NOT NULL, 
	record_a VARCHAR(200) NOT NULL, 
	source_b VARCHAR(200) NOT NULL, 
	record_b VARCHAR(200) NOT NULL, 
	decision VARCHAR(20) NOT NULL, 
	reviewer TEXT NOT NULL, 
	decided_at DATETIME NOT NULL, 
	reason TEXT, 
	match_probability FLOAT, 
	PRIMARY KEY (id)
);
CREATE TABLE link_labels (
	id INTEGER NOT NULL, 
	source_a VARCHAR(200) NOT NULL, 
	record_a VARCHAR(200) NOT NULL, 
	source_b VARCHAR(200) NOT NULL, 
	record_b VARCHAR(200) NOT NULL, 
	decision VARCHAR(20) NOT NULL, 
	weight FLOAT NOT NULL, 
	stratum VARCHAR(40), 
	reviewer TEXT NOT NULL, 
	decided_at DATETIME NOT NULL, 
	reason TEXT, 
	match_probability FLOAT, 
	PRIMARY KEY (id)
);
CREATE TABLE link_runs (
	id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	backend VARCHAR(20) NOT NULL, 
	threshold FLOAT NOT NULL, 
	model_path TEXT, 
	comparisons INTEGER, 
	persons INTEGER, 
	settings JSON, 
	PRIMARY KEY (id)
);
INSERT INTO "link_runs" VALUES(1,'2026-12-01 21:24:36.523398','duckdb',0.4,'models/link_model.json',17,24,'{"model": "479e9fb89b8b4fc37dd7c1cdf1998597e207fa041a70bab3c9acb560f509df11", "seed": 20260108, "objects": {"persons": "208820d46475313a78390b22ba73d81d6a700d6a840fd7e00b41a6bdad80c9e2", "assignments": "24f1f60e3ac8f15198980e434da80aa576f185c6705f716dc6e037aef3f55588", "review": "c40567b369451ef5151647a57a2ea0bb2f920b7124af636fd2634177cadfb00a", "pairs": "3ddcd52c30bab1078fab0e24ad71230d993e49b243b75f029eca03ecb4a00511"}}');
CREATE TABLE persons (
	id INTEGER NOT NULL, 
	status VARCHAR(30) NOT NULL, 
	full_name TEXT, 
	given_name TEXT, 
	family_name TEXT, 
	father_name TEXT, 
	name_key TEXT, 
	sex VARCHAR(10), 
	age INTEGER, 
	birth_year INTEGER, 
	event_type VARCHAR(20), 
	date_start DATE, 
	date_end DATE, 
	date_precision VARCHAR(10), 
	province_code VARCHAR(10), 
	county TEXT, 
	city TEXT, 
	n_records INTEGER NOT NULL, 
	n_sources INTEGER NOT NULL, 
	is_incident BOOLEAN NOT NULL, 
	count_min INTEGER, 
	count_max INTEGER, 
	link_run_id INTEGER, 
	PRIMARY KEY (id)
);
INSERT INTO "persons" VALUES(1,'confirmed','مهدی هاشمی','مهدی','هاشمی','علیاصغر','mhdihSmi','male',33,NULL,'killed','2026-01-16','2026-01-16','day','IR-09','Mashhad','Mashhad',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(2,'confirmed','نگین یاسینی‌نژاد','نگین','یاسینی‌نژاد','اصغر','nginisininjd','female',20,NULL,'killed','2026-01-09','2026-01-09','day','IR-05','Kermanshah','Kermanshah',3,3,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(3,'confirmed','حمید میرسلیماننی','حمید','میرسلیماننی',NULL,'hmidmirslimni','male',20,NULL,'killed','2026-01-30','2026-01-30','day','IR-19','Zanjan','Zanjan',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(4,'under_investigation','ابوالفضل احمدفر','ابوالفضل','احمدفر','محمد‌رضا','ablfzlhmdfr','male',NULL,NULL,NULL,'2026-01-08','2026-01-08','day','IR-05','Kermanshah','Kermanshah',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(5,'under_investigation','محمد‌رضا زارعی نیا','محمد‌رضا','زارعی نیا',NULL,'mhmdrzazrinia','male',17,NULL,NULL,'2026-01-08','2026-01-08','day','IR-01','Rasht','Rasht',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(6,'under_investigation','محمد طاهر‌فر','محمد','طاهر‌فر','عباس','mhmdthrfr','male',29,NULL,NULL,'2026-01-08','2026-01-08','day','IR-10','Khomeyni Shahr','Khomeyni Shahr',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(7,'confirmed','مهدی کرمفر','مهدی','کرمفر','محمد','mhdikrmfr','male',30,NULL,'killed','2026-01-10','2026-01-10','day','IR-15','Azna','Azna',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(8,'under_investigation','ابوالفضل بهرامی','ابوالفضل','بهرامی',NULL,'ablfzlbhrmi','male',19,NULL,NULL,'2026-01-08','2026-01-08','day','IR-07',NULL,NULL,1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(9,'confirmed','معصومه آیدینی‌نژاد','معصومه','آیدینینژاد',NULL,'msvmhidininjd','female',18,NULL,'killed','2026-01-08','2026-01-08','day','IR-06','Abadan','Abadan',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(10,'confirmed','محمد امین بهرام‌پور','محمد امين','بهرام پور','كاظم','mhmdminbhrmpr','male',12,NULL,'killed','2026-01-10','2026-01-10','day','IR-08','Kerman','Kerman',3,3,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(11,'under_investigation','محمد پویا‌نیا','محمد','پویا‌نیا','غلامعلی','mhmdpiania','male',NULL,NULL,NULL,'2026-02-28','2026-02-28','day','IR-09','Mashhad','Mashhad',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(12,'confirmed','مهدی عسکر‌راد','مهدی','عسکر‌راد','اسماعیل','mhdiskrd','male',26,NULL,'killed','2026-01-10','2026-01-10','day','IR-04','Piranshahr','Piranshahr',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(13,'under_investigation','علی اکبر محمد‌پور','علی اکبر','محمد پور','علیاکبر','alikbrmhmdpr','male',29,NULL,NULL,'2026-01-08','2026-01-08','day','IR-09','Mashhad','Mashhad',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(14,'under_investigation','جواد رضا‌نژاد','جواد','رضا‌نژاد','حسن','jvdrzanjd','male',20,NULL,NULL,'2026-01-08','2026-01-08','day','IR-04','Bukan','Bukan',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(15,'under_investigation','Reza Siavashi','Reza','Siavashi','Ali Reza','rzasivSi','male',26,NULL,'killed','2026-01-10','2026-01-10','day','IR-01','Rasht','Rasht',2,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(16,'confirmed','عثمان اکبر‌زاده','عثمان','اكبر زاده','حسن','asmnkbrzdh','male',18,NULL,'killed','2026-01-10','2026-01-10','day','IR-28','Shirvan','Shirvan',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(17,'under_investigation','Taha Shirkoinia','Taha','Shirkoinia',NULL,'thaSirkinia','male',23,NULL,'killed','2026-01-08','2026-01-08','day','IR-23','Tehran','Tehran',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(18,'confirmed','Amirmohammad Mahanfar','Amirmohammad','Mahan Far','Othman','amirmhmdmhnfr','male',19,NULL,'killed','2026-01-08','2026-01-08','day','IR-00','Saveh','Saveh',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(19,'under_investigation','Amin Jaafarpour','Amin','Jaafarpour',NULL,'aminjfrpr','male',25,NULL,'killed','2026-01-09','2026-01-09','day','IR-26','Takestan','Takestan',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(20,'confirmed','Mostaaf Bagheri','Mostaaf','Bagheri',NULL,'mstfbQri','male',27,NULL,'killed','2026-01-08','2026-01-08','day','IR-02','Sari','Sari',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(21,'confirmed','Behnam Mirbagheri','Behnam','Mirbagheri','Ali','bhnmirbQri','male',20,NULL,'died_in_custody','2026-01-16','2026-01-16','day','IR-18','Bushehr','Bushehr',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(22,'under_investigation','Mohamad Sadeqi','Mohamad','Sadeqi',NULL,'mhmdsdQi','male',22,NULL,'killed','2026-01-09','2026-01-09','day','IR-23','Tehran','Tehran',1,1,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(23,'confirmed','Amirhussein Hosseini','Amirhussein','Hosseini','Behnam','amirhvsinhsini','male',24,NULL,'executed','2026-03-06','2026-03-06','day','IR-30','Karaj','Karaj',2,2,0,NULL,NULL,1);
INSERT INTO "persons" VALUES(24,'under_investigation','علی حیدر‌نیا','علی','حیدر‌نیا','ابراهیم','alihidrnia','male',28,NULL,'killed','2026-01-08','2026-01-08','day','IR-23','Tehran','Tehran',1,1,0,NULL,NULL,1);
CREATE TABLE problems (
	id INTEGER NOT NULL, 
	import_id INTEGER NOT NULL, 
	row_number INTEGER, 
	column_name TEXT, 
	value TEXT, 
	reason TEXT NOT NULL, 
	severity VARCHAR(10) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id)
);
CREATE TABLE records (
	id INTEGER NOT NULL, 
	source_id INTEGER NOT NULL, 
	import_id INTEGER NOT NULL, 
	source_record_id VARCHAR(200) NOT NULL, 
	row_number INTEGER NOT NULL, 
	raw JSON NOT NULL, 
	full_name TEXT, 
	given_name TEXT, 
	family_name TEXT, 
	father_name TEXT, 
	honorifics TEXT, 
	name_canonical TEXT, 
	name_key TEXT, 
	given_key TEXT, 
	family_key TEXT, 
	father_key TEXT, 
	script VARCHAR(10), 
	sex VARCHAR(10), 
	sex_inferred BOOLEAN, 
	age INTEGER, 
	age_min INTEGER, 
	age_max INTEGER, 
	birth_year INTEGER, 
	event_type VARCHAR(20), 
	date_text TEXT, 
	date_calendar VARCHAR(10), 
	date_precision VARCHAR(10), 
	date_start DATE, 
	date_end DATE, 
	place_text TEXT, 
	province_code VARCHAR(10), 
	county TEXT, 
	city TEXT, 
	cause TEXT, 
	notes TEXT, 
	is_incident BOOLEAN NOT NULL, 
	count_min INTEGER, 
	count_max INTEGER, 
	person_id INTEGER, 
	match_probability FLOAT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_record_source_id UNIQUE (source_id, source_record_id), 
	FOREIGN KEY(source_id) REFERENCES sources (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id), 
	FOREIGN KEY(person_id) REFERENCES persons (id)
);
INSERT INTO "records" VALUES(1,1,1,'BZ-01',2,'{"ردیف": "BZ-01", "نام": "مهدی", "نام خانوادگی": "هاشمی", "نام پدر": "علیاصغر", "سن": "", "جنسیت": "مرد", "تاریخ": "", "استان": "خراسان رضوی", "شهر": "مشهد", "تعداد": "", "توضیحات": ""}','مهدی هاشمی','مهدی','هاشمی','علیاصغر',NULL,'مهدی هاشمی','mhdihSmi','mhdi','hSmi','alisQr','persian','male',0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'مشهد، خراسان رضوی','IR-09','Mashhad','Mashhad',NULL,NULL,0,NULL,NULL,1,9.86977461373858444559e-01);
INSERT INTO "records" VALUES(2,1,1,'BZ-02',3,'{"ردیف": "BZ-02", "نام": "نگین", "نام خانوادگی": "یاسینی‌نژاد", "نام پدر": "اصغر", "سن": "20 ساله", "جنسیت": "زن", "تاریخ": "1404/10/19", "استان": "کرمانشاه", "شهر": "کرمانشاه", "تعداد": "", "توضیحات": ""}','نگین یاسینی‌نژاد','نگین','یاسینی‌نژاد','اصغر',NULL,'نگین یاسینی‌نژاد','nginisininjd','ngin','isininjd','asQr','persian','female',0,20,20,20,NULL,NULL,'1404/10/19','jalali','day','2026-01-09','2026-01-09','کرمانشاه، کرمانشاه','IR-05','Kermanshah','Kermanshah',NULL,NULL,0,NULL,NULL,2,9.99948673213656324954e-01);
INSERT INTO "records" VALUES(3,1,1,'BZ-03',4,'{"ردیف": "BZ-03", "نام": "حمید", "نام خانوادگی": "میرسلیماننی", "نام پدر": "", "سن": "۲۰", "جنسیت": "مرد", "تاریخ": "۱۴۰۴/۱۱/۱۰", "استان": "", "شهر": "", "تعداد": "", "توضیحات": ""}','حمید میرسلیماننی','حمید','میرسلیماننی',NULL,NULL,'حمید میرسلیماننی','hmidmirslimni','hmid','mirslimni',NULL,'persian','male',0,20,20,20,NULL,NULL,'۱۴۰۴/۱۱/۱۰','jalali','day','2026-01-30','2026-01-30',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,3,9.97122450098527401962e-01);
INSERT INTO "records" VALUES(4,1,1,'BZ-04',5,'{"ردیف": "BZ-04", "نام": "ابوالفضل", "نام خانوادگی": "احمدفر", "نام پدر": "محمد‌رضا", "سن": "", "جنسیت": "مرد", "تاریخ": "۱۸ دی ۱۴۰۴", "استان": "کرمانشاه", "شهر": "کرمانشاه", "تعداد": "", "توضیحات": ""}','ابوالفضل احمدفر','ابوالفضل','احمدفر','محمد‌رضا',NULL,'ابوالفضل احمدفر','ablfzlhmdfr','ablfzl','ahmdfr','mhmdrza','persian','male',0,NULL,NULL,NULL,NULL,NULL,'۱۸ دی ۱۴۰۴','jalali','day','2026-01-08','2026-01-08','کرمانشاه، کرمانشاه','IR-05','Kermanshah','Kermanshah',NULL,NULL,0,NULL,NULL,4,NULL);
INSERT INTO "records" VALUES(5,1,1,'BZ-05',6,'{"ردیف": "BZ-05", "نام": "محمد‌رضا", "نام خانوادگی": "زارعی نیا", "نام پدر": "", "سن": "17 ساله", "جنسیت": "مرد", "تاریخ": "1404/10/18", "استان": "گیلان", "شهر": "رشت", "تعداد": "", "توضیحات": ""}','محمد‌رضا زارعی نیا','محمد‌رضا','زارعی نیا',NULL,NULL,'محمد‌رضا زارعی نیا','mhmdrzazrinia','mhmdrza','zrinia',NULL,'persian','male',0,17,17,17,NULL,NULL,'1404/10/18','jalali','day','2026-01-08','2026-01-08','رشت، گیلان','IR-01','Rasht','Rasht',NULL,NULL,0,NULL,NULL,5,NULL);
INSERT INTO "records" VALUES(6,1,1,'BZ-06',7,'{"ردیف": "BZ-06", "نام": "", "نام خانوادگی": "", "نام پدر": "", "سن": "", "جنسیت": "", "تاریخ": "", "استان": "", "شهر": "", "تعداد": "۲۳", "توضیحات": "۲۳ جسد بدون نام"}',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'۲۳ جسد بدون نام',1,23,23,NULL,NULL);
INSERT INTO "records" VALUES(7,1,1,'BZ-07',8,'{"ردیف": "BZ-07", "نام": "محمد", "نام خانوادگی": "طاهر‌فر", "نام پدر": "عباس", "سن": "۲۹", "جنسیت": "مرد", "تاریخ": "۱۴۰۴/۱۰/۱۸", "استان": "اصفهان", "شهر": "خمینی‌شهر", "تعداد": "", "توضیحات": ""}','محمد طاهر‌فر','محمد','طاهر‌فر','عباس',NULL,'محمد طاهر‌فر','mhmdthrfr','mhmd','thrfr','abs','persian','male',0,29,29,29,NULL,NULL,'۱۴۰۴/۱۰/۱۸','jalali','day','2026-01-08','2026-01-08','خمینی‌شهر، اصفهان','IR-10','Khomeyni Shahr','Khomeyni Shahr',NULL,NULL,0,NULL,NULL,6,NULL);
INSERT INTO "records" VALUES(8,1,1,'BZ-08',9,'{"ردیف": "BZ-08", "نام": "مهدی", "نام خانوادگی": "کرمفر", "نام پدر": "محمد", "سن": "۳۰", "جنسیت": "مرد", "تاریخ": "۱۴۰۴-۱۰-۲۰", "استان": "", "شهر": "ازنا", "تعداد": "", "توضیحات": ""}','مهدی کرمفر','مهدی','کرمفر','محمد',NULL,'مهدی کرمفر','mhdikrmfr','mhdi','krmfr','mhmd','persian','male',0,30,30,30,NULL,NULL,'۱۴۰۴-۱۰-۲۰','jalali','day','2026-01-10','2026-01-10','ازنا','IR-15','Azna','Azna',NULL,NULL,0,NULL,NULL,7,9.99711497846574093095e-01);
INSERT INTO "records" VALUES(9,1,1,'BZ-09',10,'{"ردیف": "BZ-09", "نام": "ابوالفضل", "نام خانوادگی": "بهرامی", "نام پدر": "", "سن": "۱۹", "جنسیت": "مرد", "تاریخ": "۱۴۰۴/۱۰/۱۸", "استان": "فارس", "شهر": "", "تعداد": "", "توضیحات": ""}','ابوالفضل بهرامی','ابوالفضل','بهرامی',NULL,NULL,'ابوالفضل بهرامی','ablfzlbhrmi','ablfzl','bhrmi',NULL,'persian','male',0,19,19,19,NULL,NULL,'۱۴۰۴/۱۰/۱۸','jalali','day','2026-01-08','2026-01-08','فارس','IR-07',NULL,NULL,NULL,NULL,0,NULL,NULL,8,NULL);
INSERT INTO "records" VALUES(10,1,1,'BZ-10',11,'{"ردیف": "BZ-10", "نام": "معصومه", "نام خانوادگی": "آیدینینژاد", "نام پدر": "", "سن": "۱۸", "جنسیت": "مونث", "تاریخ": "۱۴۰۴-۱۰-۱۸", "استان": "خوزستان", "شهر": "", "تعداد": "", "توضیحات": ""}','معصومه آیدینینژاد','معصومه','آیدینینژاد',NULL,NULL,'معصومه آیدینی‌نژاد','msvmhidininjd','msvmh','idininjd',NULL,'persian','female',0,18,18,18,NULL,NULL,'۱۴۰۴-۱۰-۱۸','jalali','day','2026-01-08','2026-01-08','خوزستان','IR-06',NULL,NULL,NULL,NULL,0,NULL,NULL,9,0.999948254098584);
INSERT INTO "records" VALUES(11,1,1,'BZ-11',12,'{"ردیف": "BZ-11", "نام": "محمد امين", "نام خانوادگی": "بهرام پور", "نام پدر": "كاظم", "سن": "١٢ ساله", "جنسیت": "مرد", "تاریخ": "١٤٠٤/١٠/٢٠", "استان": "كرمان", "شهر": "كرمان", "تعداد": "", "توضیحات": ""}','محمد امين بهرام پور','محمد امين','بهرام پور','كاظم',NULL,'محمد امین بهرام‌پور','mhmdminbhrmpr','mhmdmin','bhrmpr','kzm','persian','male',0,12,12,12,NULL,NULL,'١٤٠٤/١٠/٢٠','jalali','day','2026-01-10','2026-01-10','كرمان، كرمان','IR-08','Kerman','Kerman',NULL,NULL,0,NULL,NULL,10,9.99936483876168402673e-01);
INSERT INTO "records" VALUES(12,1,1,'BZ-12',13,'{"ردیف": "BZ-12", "نام": "محمد", "نام خانوادگی": "پویا‌نیا", "نام پدر": "غلامعلی", "سن": "", "جنسیت": "مذکر", "تاریخ": "۹ اسفند ۱۴۰۴", "استان": "خراسان رضوی", "شهر": "مشهد", "تعداد": "", "توضیحات": ""}','محمد پویا‌نیا','محمد','پویا‌نیا','غلامعلی',NULL,'محمد پویا‌نیا','mhmdpiania','mhmd','piania','Qlmli','persian','male',0,NULL,NULL,NULL,NULL,NULL,'۹ اسفند ۱۴۰۴','jalali','day','2026-02-28','2026-02-28','مشهد، خراسان رضوی','IR-09','Mashhad','Mashhad',NULL,NULL,0,NULL,NULL,11,NULL);
INSERT INTO "records" VALUES(13,1,1,'BZ-13',14,'{"ردیف": "BZ-13", "نام": "", "نام خانوادگی": "", "نام پدر": "", "سن": "", "جنسیت": "", "تاریخ": "", "استان": "", "شهر": "", "تعداد": "۷", "توضیحات": "۷ جسد بدون نام"}',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'۷ جسد بدون نام',1,7,7,NULL,NULL);
INSERT INTO "records" VALUES(14,1,1,'BZ-14',15,'{"ردیف": "BZ-14", "نام": "مهدی", "نام خانوادگی": "عسکر‌راد", "نام پدر": "اسماعیل", "سن": "۲۶", "جنسیت": "مرد", "تاریخ": "۱۴۰۴/۱۰/۲۰", "استان": "آذربایجان غربی", "شهر": "پیرانشهر", "تعداد": "", "توضیحات": ""}','مهدی عسکر‌راد','مهدی','عسکر‌راد','اسماعیل',NULL,'مهدی عسکر‌راد','mhdiskrd','mhdi','askrd','asmil','persian','male',0,26,26,26,NULL,NULL,'۱۴۰۴/۱۰/۲۰','jalali','day','2026-01-10','2026-01-10','پیرانشهر، آذربایجان غربی','IR-04','Piranshahr','Piranshahr',NULL,NULL,0,NULL,NULL,12,9.9998857736717794431e-01);
INSERT INTO "records" VALUES(15,1,1,'BZ-15',16,'{"ردیف": "BZ-15", "نام": "علی اکبر", "نام خانوادگی": "محمد پور", "نام پدر": "علیاکبر", "سن": "۲۹", "جنسیت": "مذکر", "تاریخ": "۱۴۰۴/۱۰/۱۸", "استان": "خراسان رضوی", "شهر": "مشهد", "تعداد": "", "توضیحات": ""}','علی اکبر محمد پور','علی اکبر','محمد پور','علیاکبر',NULL,'علی اکبر محمد‌پور','alikbrmhmdpr','alikbr','mhmdpr','alikbr','persian','male',0,29,29,29,NULL,NULL,'۱۴۰۴/۱۰/۱۸','jalali','day','2026-01-08','2026-01-08','مشهد، خراسان رضوی','IR-09','Mashhad','Mashhad',NULL,NULL,0,NULL,NULL,13,NULL);
INSERT INTO "records" VALUES(16,1,1,'BZ-16',17,'{"ردیف": "BZ-16", "نام": "", "نام خانوادگی": "", "نام پدر": "", "سن": "", "جنسیت": "", "تاریخ": "", "استان": "", "شهر": "", "تعداد": "۲۱", "توضیحات": "۲۱ جسد بدون نام"}',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'۲۱ جسد بدون نام',1,21,21,NULL,NULL);
INSERT INTO "records" VALUES(17,1,1,'BZ-17',18,'{"ردیف": "BZ-17", "نام": "جواد", "نام خانوادگی": "رضا‌نژاد", "نام پدر": "حسن", "سن": "۲۰", "جنسیت": "مرد", "تاریخ": "۱۴۰۴-۱۰-۱۸", "استان": "آذربایجان غربی", "شهر": "بوکان", "تعداد": "", "توضیحات": ""}','جواد رضا‌نژاد','جواد','رضا‌نژاد','حسن',NULL,'جواد رضا‌نژاد','jvdrzanjd','jvd','rzanjd','hsn','persian','male',0,20,20,20,NULL,NULL,'۱۴۰۴-۱۰-۱۸','jalali','day','2026-01-08','2026-01-08','بوکان، آذربایجان غربی','IR-04','Bukan','Bukan',NULL,NULL,0,NULL,NULL,14,NULL);
INSERT INTO "records" VALUES(18,2,2,'NGO-2026-01',2,'{"id": "NGO-2026-01", "given name": "Reza", "family name": "Siavashi", "father''s name": "Ali Reza", "age": "26", "sex": "M", "date": "10 Jan 2026", "province": "Gilan", "city": "Rasht", "event": "shot dead"}','Reza Siavashi','Reza','Siavashi','Ali Reza',NULL,'Reza Siavashi','rzasivSi','rza','sivSi','alirza','latin','male',0,26,26,26,NULL,'killed','10 Jan 2026','gregorian','day','2026-01-10','2026-01-10','Rasht، Gilan','IR-01','Rasht','Rasht',NULL,NULL,0,NULL,NULL,15,9.98890869399997272104e-01);
INSERT INTO "records" VALUES(19,2,2,'NGO-2026-02',3,'{"id": "NGO-2026-02", "given name": "Reza", "family name": "Siavashi", "father''s name": "", "age": "26", "sex": "male", "date": "10 Jan 2026", "province": "Gilan", "city": "Rasht", "event": "killed"}','Reza Siavashi','Reza','Siavashi',NULL,NULL,'Reza Siavashi','rzasivSi','rza','sivSi',NULL,'latin','male',0,26,26,26,NULL,'killed','10 Jan 2026','gregorian','day','2026-01-10','2026-01-10','Rasht، Gilan','IR-01','Rasht','Rasht',NULL,NULL,0,NULL,NULL,15,9.98890869399997272104e-01);
INSERT INTO "records" VALUES(20,2,2,'NGO-2026-03',4,'{"id": "NGO-2026-03", "given name": "Othman", "family name": "Akbarzadeh", "father''s name": "", "age": "18", "sex": "male", "date": "2026-01-10", "province": "North Khorasan", "city": "", "event": "shot dead"}','Othman Akbarzadeh','Othman','Akbarzadeh',NULL,NULL,'Othman Akbarzadeh','asmnkbrzdh','asmn','akbrzdh',NULL,'latin','male',0,18,18,18,NULL,'killed','2026-01-10','gregorian','day','2026-01-10','2026-01-10','North Khorasan','IR-28',NULL,NULL,NULL,NULL,0,NULL,NULL,16,9.99956214657923059263e-01);
INSERT INTO "records" VALUES(21,2,2,'NGO-2026-04',5,'{"id": "NGO-2026-04", "given name": "Mahdi", "family name": "Hashimi", "father''s name": "Ali-Asghar", "age": "33", "sex": "male", "date": "2026-01-16", "province": "Razavi Khorasan", "city": "Mashhad", "event": "killed"}','Mahdi Hashimi','Mahdi','Hashimi','Ali-Asghar',NULL,'Mahdi Hashimi','mhdihSimi','mhdi','hSimi','alisQr','latin','male',0,33,33,33,NULL,'killed','2026-01-16','gregorian','day','2026-01-16','2026-01-16','Mashhad، Razavi Khorasan','IR-09','Mashhad','Mashhad',NULL,NULL,0,NULL,NULL,1,9.86977461373858444559e-01);
INSERT INTO "records" VALUES(22,2,2,'NGO-2026-05',6,'{"id": "NGO-2026-05", "given name": "Taha", "family name": "Shirkoinia", "father''s name": "", "age": "23", "sex": "male", "date": "8 Jan 2026", "province": "Tehran", "city": "", "event": "killed"}','Taha Shirkoinia','Taha','Shirkoinia',NULL,NULL,'Taha Shirkoinia','thaSirkinia','tha','Sirkinia',NULL,'latin','male',0,23,23,23,NULL,'killed','8 Jan 2026','gregorian','day','2026-01-08','2026-01-08','Tehran','IR-23','Tehran','Tehran',NULL,NULL,0,NULL,NULL,17,NULL);
INSERT INTO "records" VALUES(23,2,2,'NGO-2026-06',7,'{"id": "NGO-2026-06", "given name": "Amirmohammad", "family name": "Mahan Far", "father''s name": "Othman", "age": "", "sex": "M", "date": "8 Jan 2026", "province": "Markazi", "city": "Saveh", "event": "shot dead"}','Amirmohammad Mahan Far','Amirmohammad','Mahan Far','Othman',NULL,'Amirmohammad Mahanfar','amirmhmdmhnfr','amirmhmd','mhnfr','asmn','latin','male',0,NULL,NULL,NULL,NULL,'killed','8 Jan 2026','gregorian','day','2026-01-08','2026-01-08','Saveh، Markazi','IR-00','Saveh','Saveh',NULL,NULL,0,NULL,NULL,18,9.99962877397413518743e-01);
INSERT INTO "records" VALUES(24,2,2,'NGO-2026-07',8,'{"id": "NGO-2026-07", "given name": "Seyyed Mohamad Amin", "family name": "Bahrampour", "father''s name": "Kazim", "age": "12 years", "sex": "male", "date": "10 Jan 2026", "province": "Kerman", "city": "Kerman", "event": "killed"}','Seyyed Mohamad Amin Bahrampour','Seyyed Mohamad Amin','Bahrampour','Kazim','sayyed','Mohamad Amin Bahrampour','mhmdminbhrmpr','mhmdmin','bhrmpr','kzm','latin','male',0,12,12,12,NULL,'killed','10 Jan 2026','gregorian','day','2026-01-10','2026-01-10','Kerman، Kerman','IR-08','Kerman','Kerman',NULL,NULL,0,NULL,NULL,10,9.99936483876168402673e-01);
INSERT INTO "records" VALUES(25,2,2,'NGO-2026-08',9,'{"id": "NGO-2026-08", "given name": "Amin", "family name": "Jaafarpour", "father''s name": "", "age": "25", "sex": "male", "date": "9 Jan 2026", "province": "Qazvin", "city": "Takestan", "event": "shot dead"}','Amin Jaafarpour','Amin','Jaafarpour',NULL,NULL,'Amin Jaafarpour','aminjfrpr','amin','jfrpr',NULL,'latin','male',0,25,25,25,NULL,'killed','9 Jan 2026','gregorian','day','2026-01-09','2026-01-09','Takestan، Qazvin','IR-26','Takestan','Takestan',NULL,NULL,0,NULL,NULL,19,NULL);
INSERT INTO "records" VALUES(26,2,2,'NGO-2026-09',10,'{"id": "NGO-2026-09", "given name": "Hamid", "family name": "Mirsoleymani", "father''s name": "", "age": "", "sex": "M", "date": "January 30, 2026", "province": "Zanjan", "city": "Zanjan", "event": "killed"}','Hamid Mirsoleymani','Hamid','Mirsoleymani',NULL,NULL,'Hamid Mirsoleymani','hmidmirslimni','hmid','mirslimni',NULL,'latin','male',0,NULL,NULL,NULL,NULL,'killed','January 30, 2026','gregorian','day','2026-01-30','2026-01-30','Zanjan، Zanjan','IR-19','Zanjan','Zanjan',NULL,NULL,0,NULL,NULL,3,9.97122450098527401962e-01);
INSERT INTO "records" VALUES(27,2,2,'NGO-2026-10',11,'{"id": "NGO-2026-10", "given name": "Mahdi", "family name": "Karamfar", "father''s name": "", "age": "30", "sex": "male", "date": "2026-01-10", "province": "Lorestan", "city": "Azna", "event": "killed"}','Mahdi Karamfar','Mahdi','Karamfar',NULL,NULL,'Mahdi Karamfar','mhdikrmfr','mhdi','krmfr',NULL,'latin','male',0,30,30,30,NULL,'killed','2026-01-10','gregorian','day','2026-01-10','2026-01-10','Azna، Lorestan','IR-15','Azna','Azna',NULL,NULL,0,NULL,NULL,7,9.99711497846574093095e-01);
INSERT INTO "records" VALUES(28,2,2,'NGO-2026-11',12,'{"id": "NGO-2026-11", "given name": "Mostaaf", "family name": "Bagheri", "father''s name": "", "age": "27", "sex": "", "date": "", "province": "Mazandaran", "city": "Sari", "event": "shot dead"}','Mostaaf Bagheri','Mostaaf','Bagheri',NULL,NULL,'Mostaaf Bagheri','mstfbQri','mstf','bQri',NULL,'latin',NULL,NULL,27,27,27,NULL,'killed',NULL,NULL,NULL,NULL,NULL,'Sari، Mazandaran','IR-02','Sari','Sari',NULL,NULL,0,NULL,NULL,20,0.996139518753606);
INSERT INTO "records" VALUES(29,2,2,'NGO-2026-12',13,'{"id": "NGO-2026-12", "given name": "Behnam", "family name": "Mirbagheri", "father''s name": "Ali", "age": "20", "sex": "male", "date": "16 Jan 2026", "province": "Bushehr", "city": "Bushehr", "event": "death in detention"}','Behnam Mirbagheri','Behnam','Mirbagheri','Ali',NULL,'Behnam Mirbagheri','bhnmirbQri','bhnm','mirbQri','ali','latin','male',0,20,20,20,NULL,'died_in_custody','16 Jan 2026','gregorian','day','2026-01-16','2026-01-16','Bushehr، Bushehr','IR-18','Bushehr','Bushehr',NULL,NULL,0,NULL,NULL,21,9.99921301081933111554e-01);
INSERT INTO "records" VALUES(30,2,2,'NGO-2026-13',14,'{"id": "NGO-2026-13", "given name": "Negin", "family name": "Yasininezhad", "father''s name": "", "age": "22", "sex": "female", "date": "2026-01-09", "province": "Kermanshah", "city": "Kermanshah", "event": "killed"}','Negin Yasininezhad','Negin','Yasininezhad',NULL,NULL,'Negin Yasininezhad','nginisininjd','ngin','isininjd',NULL,'latin','female',0,22,22,22,NULL,'killed','2026-01-09','gregorian','day','2026-01-09','2026-01-09','Kermanshah، Kermanshah','IR-05','Kermanshah','Kermanshah',NULL,NULL,0,NULL,NULL,2,9.71331710814701487777e-01);
INSERT INTO "records" VALUES(31,2,2,'NGO-2026-14',15,'{"id": "NGO-2026-14", "given name": "Masoomeh", "family name": "Aidininezhad", "father''s name": "", "age": "18", "sex": "female", "date": "January 8, 2026", "province": "Khuzestan", "city": "Abadan", "event": "killed"}','Masoomeh Aidininezhad','Masoomeh','Aidininezhad',NULL,NULL,'Masoomeh Aidininezhad','msvmhidininjd','msvmh','idininjd',NULL,'latin','female',0,18,18,18,NULL,'killed','January 8, 2026','gregorian','day','2026-01-08','2026-01-08','Abadan، Khuzestan','IR-06','Abadan','Abadan',NULL,NULL,0,NULL,NULL,9,0.999948254098584);
INSERT INTO "records" VALUES(32,2,2,'NGO-2026-15',16,'{"id": "NGO-2026-15", "given name": "Mohamad ", "family name": "Sadeqi", "father''s name": "", "age": "22", "sex": "M", "date": "2026-01-09", "province": "Tehran", "city": "Tehran", "event": "shot dead"}','Mohamad Sadeqi','Mohamad','Sadeqi',NULL,NULL,'Mohamad Sadeqi','mhmdsdQi','mhmd','sdQi',NULL,'latin','male',0,22,22,22,NULL,'killed','2026-01-09','gregorian','day','2026-01-09','2026-01-09','Tehran، Tehran','IR-23','Tehran','Tehran',NULL,NULL,0,NULL,NULL,22,NULL);
INSERT INTO "records" VALUES(33,2,2,'NGO-2026-16',17,'{"id": "NGO-2026-16", "given name": "Amirhussein", "family name": "Hosseini", "father''s name": "Behnam", "age": "24", "sex": "M", "date": "6 Mar 2026", "province": "Alborz", "city": "Karaj", "event": "executed"}','Amirhussein Hosseini','Amirhussein','Hosseini','Behnam',NULL,'Amirhussein Hosseini','amirhvsinhsini','amirhvsin','hsini','bhnm','latin','male',0,24,24,24,NULL,'executed','6 Mar 2026','gregorian','day','2026-03-06','2026-03-06','Karaj، Alborz','IR-30','Karaj','Karaj',NULL,NULL,0,NULL,NULL,23,9.9999981781880509235e-01);
INSERT INTO "records" VALUES(34,3,3,'1',2,'{"ردیف": "1", "نام": "نگین", "نام خانوادگی": "یاسینینژاد", "نام پدر": "اصغر", "سن": "20", "جنسیت": "زن", "تاریخ": "1404/10/19", "استان": "کرمانشاه", "شهر": "کرمانشاه", "وضعیت": "کشته"}','نگین یاسینینژاد','نگین','یاسینینژاد','اصغر',NULL,'نگین یاسینی‌نژاد','nginisininjd','ngin','isininjd','asQr','persian','female',0,20,20,20,NULL,'killed','1404/10/19','jalali','day','2026-01-09','2026-01-09','کرمانشاه، کرمانشاه','IR-05','Kermanshah','Kermanshah',NULL,NULL,0,NULL,NULL,2,9.99948673213656324954e-01);
INSERT INTO "records" VALUES(35,3,3,'2',3,'{"ردیف": "2", "نام": "علی", "نام خانوادگی": "حیدر‌نیا", "نام پدر": "ابراهیم", "سن": "28", "جنسیت": "مرد", "تاریخ": "1404/10/18", "استان": "", "شهر": "تهران", "وضعیت": "کشته"}','علی حیدر‌نیا','علی','حیدر‌نیا','ابراهیم',NULL,'علی حیدر‌نیا','alihidrnia','ali','hidrnia','abrhim','persian','male',0,28,28,28,NULL,'killed','1404/10/18','jalali','day','2026-01-08','2026-01-08','تهران','IR-23','Tehran','Tehran',NULL,NULL,0,NULL,NULL,24,NULL);
INSERT INTO "records" VALUES(36,3,3,'3',4,'{"ردیف": "3", "نام": "امیر‌حسین", "نام خانوادگی": "حسینی", "نام پدر": "بهنام", "سن": "24 ساله", "جنسیت": "مرد", "تاریخ": "1404/12/15", "استان": "البرز", "شهر": "", "وضعیت": "اعدام‌شده"}','امیر‌حسین حسینی','امیر‌حسین','حسینی','بهنام',NULL,'امیر‌حسین حسینی','amirhsinhsini','amirhsin','hsini','bhnm','persian','male',0,24,24,24,NULL,'executed','1404/12/15','jalali','day','2026-03-06','2026-03-06','البرز','IR-30',NULL,NULL,NULL,NULL,0,NULL,NULL,23,9.9999981781880509235e-01);
INSERT INTO "records" VALUES(37,3,3,'4',5,'{"ردیف": "4", "نام": " شهید مصطفی", "نام خانوادگی": "باقری ", "نام پدر": "", "سن": "27", "جنسیت": "مرد", "تاریخ": "1404/10/18", "استان": "مازندران", "شهر": "ساری", "وضعیت": "کشته‌شده"}','شهید مصطفی باقری','شهید مصطفی','باقری',NULL,'shahid','مصطفی باقری','mstfabQri','mstfa','bQri',NULL,'persian','male',0,27,27,27,NULL,'killed','1404/10/18','jalali','day','2026-01-08','2026-01-08','ساری، مازندران','IR-02','Sari','Sari',NULL,NULL,0,NULL,NULL,20,0.996139518753606);
INSERT INTO "records" VALUES(38,3,3,'5',6,'{"ردیف": "5", "نام": "مهدی", "نام خانوادگی": "عسکرراد", "نام پدر": "اسماعیل", "سن": "26", "جنسیت": "", "تاریخ": "2026/01/10", "استان": "آذربایجان غربی", "شهر": "", "وضعیت": "کشته‌شده"}','مهدی عسکرراد','مهدی','عسکرراد','اسماعیل',NULL,'مهدی عسکرراد','mhdiskrd','mhdi','askrd','asmil','persian','male',1,26,26,26,NULL,'killed','2026/01/10','gregorian','day','2026-01-10','2026-01-10','آذربایجان غربی','IR-04',NULL,NULL,NULL,NULL,0,NULL,NULL,12,9.9998857736717794431e-01);
INSERT INTO "records" VALUES(39,3,3,'6',7,'{"ردیف": "6", "نام": "محمد امین", "نام خانوادگی": "بهرامپور", "نام پدر": "کاظم", "سن": "۱۲", "جنسیت": "مرد", "تاریخ": "۱۰ ژانویه ۲۰۲۶", "استان": "", "شهر": "کرمان", "وضعیت": "جان‌باخته"}','محمد امین بهرامپور','محمد امین','بهرامپور','کاظم',NULL,'محمد امین بهرام‌پور','mhmdminbhrmpr','mhmdmin','bhrmpr','kzm','persian','male',0,12,12,12,NULL,'killed','۱۰ ژانویه ۲۰۲۶','gregorian','day','2026-01-10','2026-01-10','کرمان','IR-08','Kerman','Kerman',NULL,NULL,0,NULL,NULL,10,9.99936483876168402673e-01);
INSERT INTO "records" VALUES(40,3,3,'7',8,'{"ردیف": "7", "نام": "شهید امیرمحمد", "نام خانوادگی": "ماهان فر", "نام پدر": "عثمان", "سن": "19", "جنسیت": "مرد", "تاریخ": "18 دی 1404", "استان": "مرکزی", "شهر": "", "وضعیت": "کشته‌شده"}','شهید امیرمحمد ماهان فر','شهید امیرمحمد','ماهان فر','عثمان','shahid','امیرمحمد ماهان‌فر','amirmhmdmhnfr','amirmhmd','mhnfr','asmn','persian','male',0,19,19,19,NULL,'killed','18 دی 1404','jalali','day','2026-01-08','2026-01-08','مرکزی','IR-00',NULL,NULL,NULL,NULL,0,NULL,NULL,18,9.99962877397413518743e-01);
INSERT INTO "records" VALUES(41,3,3,'8',9,'{"ردیف": "8", "نام": "عثمان", "نام خانوادگی": "اكبر زاده", "نام پدر": "حسن", "سن": "18", "جنسیت": "مرد", "تاریخ": "1404/10/20", "استان": "خراسان شمالي", "شهر": "شيروان", "وضعیت": "کشته"}','عثمان اكبر زاده','عثمان','اكبر زاده','حسن',NULL,'عثمان اکبر‌زاده','asmnkbrzdh','asmn','akbrzdh','hsn','persian','male',0,18,18,18,NULL,'killed','1404/10/20','jalali','day','2026-01-10','2026-01-10','شيروان، خراسان شمالي','IR-28','Shirvan','Shirvan',NULL,NULL,0,NULL,NULL,16,9.99956214657923059263e-01);
INSERT INTO "records" VALUES(42,3,3,'9',10,'{"ردیف": "9", "نام": "بهنام", "نام خانوادگی": "میرباقری", "نام پدر": "", "سن": "20", "جنسیت": "مذکر", "تاریخ": "1404/10/26", "استان": "بوشهر", "شهر": "بوشهر", "وضعیت": "جان‌باخته در بازداشت"}','بهنام میرباقری','بهنام','میرباقری',NULL,NULL,'بهنام میرباقری','bhnmirbQri','bhnm','mirbQri',NULL,'persian','male',0,20,20,20,NULL,'died_in_custody','1404/10/26','jalali','day','2026-01-16','2026-01-16','بوشهر، بوشهر','IR-18','Bushehr','Bushehr',NULL,NULL,0,NULL,NULL,21,9.99921301081933111554e-01);
CREATE TABLE sources (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	description TEXT, 
	collected_by TEXT, 
	period_start DATE, 
	period_end DATE, 
	reliability VARCHAR(20), 
	default_calendar VARCHAR(10), 
	independence_group VARCHAR(200), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "sources" VALUES(1,'morgue','morgue',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-01 21:24:25.184462');
INSERT INTO "sources" VALUES(2,'ngo','ngo',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-01 21:24:26.733907');
INSERT INTO "sources" VALUES(3,'family','family',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2026-12-01 21:24:28.276056');
CREATE TABLE statements (
	id INTEGER NOT NULL, 
	official TEXT NOT NULL, 
	office TEXT, 
	said_on DATE, 
	language VARCHAR(10), 
	text TEXT, 
	evidence_id INTEGER, 
	url TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(evidence_id) REFERENCES evidence (id)
);
CREATE TABLE timeline (
	id INTEGER NOT NULL, 
	person_id INTEGER, 
	record_id INTEGER, 
	step VARCHAR(30) NOT NULL, 
	date_start DATE, 
	date_end DATE, 
	place_text TEXT, 
	province_code VARCHAR(10), 
	facility TEXT, 
	notes TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES persons (id), 
	FOREIGN KEY(record_id) REFERENCES records (id)
);
CREATE INDEX ix_decisions_pair ON link_decisions (source_a, record_a);
CREATE INDEX ix_records_person ON records (person_id);
CREATE INDEX ix_records_import ON records (import_id);
COMMIT;
