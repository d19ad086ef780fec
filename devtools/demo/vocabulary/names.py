"""First and last names from many cultures, accented ones included."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

FIRST_NAMES: Final[tuple[str, ...]] = (
    # English-speaking world
    "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "William", "Sophia", "Benjamin",
    "Isabella", "Lucas", "Mia", "Henry", "Charlotte", "Alexander", "Amelia", "Daniel", "Harper",
    "Matthew", "Evelyn", "Samuel", "Abigail", "David", "Emily", "Joseph", "Elizabeth",
    "Michael", "Grace", "Ethan", "Hannah", "Jacob", "Lily", "Ryan", "Natalie", "Nathan",
    "Rachel", "Thomas", "Sarah", "Christopher", "Megan", "Andrew", "Laura", "Jonathan",
    "Rebecca", "Oliver", "Jessica",
    # Irish / Scottish / Welsh
    "Siobhán", "Seán", "Niamh", "Aoife", "Ciarán", "Oisín", "Róisín", "Eoin", "Caoimhe",
    "Dervla", "Fionn", "Saoirse", "Rhys", "Cerys", "Iain", "Morag",
    # Spanish / Portuguese / Latin American
    "José", "Ana María", "María", "Juan", "Lucía", "Alejandro", "Sofía", "Javier", "Carmen",
    "Diego", "Valentina", "Andrés", "Camila", "Martín", "Inés", "Joaquín", "Mónica", "Raúl",
    "Adrián", "Begoña", "Sebastián", "Ximena", "Ramón", "Verónica", "Álvaro", "Paula",
    "João", "Beatriz", "Gonçalo", "Mariana", "Tomás", "Leonor", "Rodrigo", "Conceição",
    "Thiago", "Luana", "Caio", "Gabriela", "Sérgio", "Fernanda",
    # French / Belgian / Swiss
    "François", "Chloé", "Hélène", "Léa", "Théo", "Élodie", "Mathéo", "Amélie", "Jérôme",
    "Margaux", "Benoît", "Céline", "Gaëlle", "Loïc", "Anaïs", "Noël", "Aurélien", "Maëlys",
    "Clément", "Océane",
    # German / Austrian / Dutch
    "Lukas", "Jürgen", "Anna", "Felix", "Jörg", "Katharina", "Maximilian", "Lena", "Björn",
    "Sabine", "Matthias", "Jana", "Günther", "Lea", "Sven", "Annika", "Daan", "Sanne",
    "Joost", "Femke", "Bram", "Lotte",
    # Nordic
    "Søren", "Ingrid", "Åsa", "Mikkel", "Sigrid", "Øystein", "Freja", "Lars", "Astrid",
    "Henrik", "Maja", "Eino", "Aino", "Jyrki", "Helmi", "Þórunn", "Einar", "Björk",
    # Italian / Greek
    "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Alessandra", "Niccolò",
    "Martina", "Lorenzo", "Eleni", "Giorgos", "Dimitris", "Katerina", "Nikos", "Zoë",
    # Central / Eastern European
    "Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Michał", "Zofia", "Wojciech", "Bożena",
    "Tomáš", "Zuzana", "Jiří", "Lenka", "Ondřej", "Petra", "Dávid", "Réka", "Bálint",
    "Zsófia", "Andrei", "Ioana", "Bogdan", "Mihaela", "Dragan", "Milica", "Nikola", "Ivana",
    "Dmitri", "Olga", "Sergei", "Natalia", "Oleksandr", "Yulia", "Aleksei", "Tatiana",
    # Turkish / Middle Eastern / North African
    "İsmail", "Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Gökhan", "Şule", "Ahmed", "Fatima",
    "Omar", "Layla", "Youssef", "Nour", "Karim", "Yasmin", "Tariq", "Leila", "Reza", "Shirin",
    "Dariush", "Noa", "Yael", "Avi",
    # Sub-Saharan African
    "Chinedu", "Ngozi", "Kwame", "Ama", "Oluwaseun", "Adaeze", "Tendai", "Thandiwe", "Sipho",
    "Nomvula", "Kofi", "Abena", "Babajide", "Folake", "Wanjiru", "Kamau", "Amara", "Tariku",
    # South Asian
    "Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Kavya", "Arjun", "Deepika", "Siddharth",
    "Meera", "Rahul", "Aishwarya", "Karthik", "Lakshmi", "Imran", "Ayesha", "Farhan",
    "Nusrat", "Dilshan", "Tharushi",
    # East / Southeast Asian
    "Wei", "Xiaoling", "Jun", "Mei", "Hao", "Yan", "Zhiwei", "Lihua", "Hiroshi", "Yuki",
    "Haruto", "Sakura", "Kenji", "Aiko", "Takumi", "Hana", "Min-jun", "Seo-yeon", "Ji-ho",
    "Ha-eun", "Minh", "Linh", "Thanh", "Huong", "Nattapong", "Siriporn", "Rizal", "Putri",
    "Jose Miguel", "Maricel",
    # Pacific / Indigenous / other
    "Aroha", "Tane", "Kalani", "Leilani", "Nayeli", "Itzel",
)

LAST_NAMES: Final[tuple[str, ...]] = (
    # English-speaking world
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Thompson", "White", "Harris", "Clark",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
    "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
    "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Cooper",
    # Irish / Scottish / Welsh
    "O'Brien", "O'Sullivan", "Ó Súilleabháin", "Mac Giolla", "Murphy", "Byrne", "Kavanagh",
    "MacLeod", "McKenzie", "Fraser", "Llewellyn", "Pritchard",
    # Spanish / Portuguese / Latin American
    "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Flores", "Gómez", "Díaz", "Nuñez", "Jiménez", "Ruiz", "Álvarez",
    "Muñoz", "Castillo", "Ortiz", "Ibáñez", "Peña", "Vásquez", "Cortés", "de la Cruz",
    "Silva", "Santos", "Oliveira", "Pereira", "Costa", "Ferreira", "Gonçalves", "Araújo",
    "Carvalho", "Magalhães", "Conceição", "Simões",
    # French / Belgian / Swiss
    "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Bonnet", "Rousseau", "Fontaine",
    "Chevalier", "Lemaître", "Béranger", "Mercier", "Deschênes", "Gauthier", "Leclère",
    "Brûlé", "Peeters", "Janssens",
    # German / Austrian / Dutch
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schäfer", "Köhler", "Großmann", "Hoffmann", "Schröder", "Zimmermann", "Krüger",
    "Böhm", "de Vries", "van den Berg", "Bakker", "Visser", "Jansen", "van Dijk",
    # Nordic
    "Ødegaard", "Johansson", "Andersson", "Nilsson", "Lindqvist", "Hansen", "Jørgensen",
    "Sørensen", "Nielsen", "Christensen", "Åberg", "Virtanen", "Korhonen", "Mäkinen",
    "Häkkinen", "Jónsdóttir", "Guðmundsson", "Bjørnstad",
    # Italian / Greek / Maltese
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
    "Marino", "Greco", "De Luca", "Lombardi", "Niccolì", "Papadopoulos", "Georgiou",
    "Nikolaidis", "Konstantinou", "Borg",
    # Central / Eastern European
    "Kowalczyk", "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski",
    "Zieliński", "Szymańska", "Dąbrowski", "Novák", "Dvořák", "Svoboda", "Černý", "Procházka",
    "Nagy", "Kovács", "Szabó", "Tóth", "Horváth", "Popescu", "Ionescu", "Dumitrescu",
    "Petrović", "Jovanović", "Horvat", "Kovačević", "Ivanov", "Petrov", "Smirnova",
    "Kuznetsov", "Shevchenko", "Bondarenko", "Kovalenko",
    # Turkish / Middle Eastern / North African
    "Yılmaz", "Aydın",  # noqa: RUF001 - correct Turkish spelling
    "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Arslan", "Doğan",
    "Haddad", "Khalil", "Mansour", "Nasser", "Rahman", "Saleh", "Al-Farsi", "El Amrani",
    "Benali", "Tehrani", "Hosseini", "Karimi", "Cohen", "Levi", "Mizrahi",
    # Sub-Saharan African
    "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Asante", "Mwangi", "Otieno",
    "Kiplagat", "Dlamini", "Nkosi", "Ndlovu", "Moyo", "Banda", "Abebe", "Tesfaye",
    "Diallo", "Traoré", "Ndiaye", "Oyelaran",
    # South Asian
    "Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Menon",
    "Chatterjee", "Banerjee", "Mukherjee", "Desai", "Joshi", "Kapoor", "Malhotra", "Rao",
    "Khan", "Qureshi", "Chowdhury", "Hossain", "Perera", "Fernando", "Shrestha",
    # East / Southeast Asian
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Lin",
    "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō", "Yamamoto", "Nakamura", "Kobayashi",
    "Satō", "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Nguyễn", "Trần", "Lê", "Phạm",
    "Santoso", "Wijaya", "Tan", "Lim", "Ong", "Reyes", "Cruz", "Bautista",
    # Pacific / other
    "Ngata", "Te Rangi", "Kahananui", "Tuilagi",
)

# fmt: on
