"""Static vocabularies for generating realistic, deterministic fake profiles.

Pure data: no Django imports. Used by the demo seed command and the large graph generator.
All company and school names are fictional (or generic public-university style names).
"""

from typing import Final

from accounts.industries import INDUSTRY_LABELS

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

CITIES: Final[tuple[tuple[str, str], ...]] = (
    ("Lisbon, Portugal", "Portugal"),
    ("Porto, Portugal", "Portugal"),
    ("Madrid, Spain", "Spain"),
    ("Barcelona, Spain", "Spain"),
    ("Paris, France", "France"),
    ("Lyon, France", "France"),
    ("Berlin, Germany", "Germany"),
    ("Munich, Germany", "Germany"),
    ("Hamburg, Germany", "Germany"),
    ("Amsterdam, Netherlands", "Netherlands"),
    ("Brussels, Belgium", "Belgium"),
    ("Zürich, Switzerland", "Switzerland"),
    ("Vienna, Austria", "Austria"),
    ("Copenhagen, Denmark", "Denmark"),
    ("Stockholm, Sweden", "Sweden"),
    ("Oslo, Norway", "Norway"),
    ("Helsinki, Finland", "Finland"),
    ("Dublin, Ireland", "Ireland"),
    ("London, United Kingdom", "United Kingdom"),
    ("Edinburgh, United Kingdom", "United Kingdom"),
    ("Milan, Italy", "Italy"),
    ("Warsaw, Poland", "Poland"),
    ("Kraków, Poland", "Poland"),
    ("Prague, Czechia", "Czechia"),
    ("Istanbul, Türkiye", "Türkiye"),
    ("Tel Aviv, Israel", "Israel"),
    ("Dubai, United Arab Emirates", "United Arab Emirates"),
    ("Lagos, Nigeria", "Nigeria"),
    ("Nairobi, Kenya", "Kenya"),
    ("Cape Town, South Africa", "South Africa"),
    ("Bengaluru, India", "India"),
    ("Mumbai, India", "India"),
    ("Singapore", "Singapore"),
    ("Tokyo, Japan", "Japan"),
    ("Seoul, South Korea", "South Korea"),
    ("Sydney, Australia", "Australia"),
    ("Auckland, New Zealand", "New Zealand"),
    ("Toronto, Canada", "Canada"),
    ("Montréal, Canada", "Canada"),
    ("San Francisco Bay Area", "United States"),
    ("New York City Metropolitan Area", "United States"),
    ("Greater Seattle Area", "United States"),
    ("Austin, Texas, United States", "United States"),
    ("Mexico City, Mexico", "Mexico"),
    ("São Paulo, Brazil", "Brazil"),
    ("Buenos Aires, Argentina", "Argentina"),
)

COMPANIES_BY_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "computer_software": (
        "Northwind Analytics", "Brightloop Software", "Cobaltline Systems", "Quillstack",
        "Meridian Codeworks", "Lanternfish Labs", "Tessellate Software", "Hollowpine Apps",
        "Kestrel Dev Studio", "Paperkite Software", "Driftwood Platforms", "Orbitale Tech",
    ),
    "information_technology_and_services": (
        "Ironbridge IT Services", "Clearpath Digital", "Bluecrest Consulting Group",
        "Halcyon Managed Services", "Nordlys Tech Partners", "Summitview Solutions",
        "Graniteware IT", "Tidewater Systems Integration", "Copperleaf Infrastructure",
        "Vantagepoint Cloud Services",
    ),
    "internet": (
        "Pebblenest", "Hoppr", "Skylark Social", "Marketbloom", "Gatherly Online", "Wayfinch",
        "Sundial Media Network", "Tinyharbor", "Loomlink", "Papaya Marketplace",
    ),
    "banking": (
        "Harborstone Bank", "First Meridian Savings", "Alder & Crane Bank", "Bank of Eastmoor",
        "Silverpine Credit Union", "Cascade Mutual Bank", "Northgate Banking Group",
        "Caravela Banco", "Riverbend Community Bank", "Stellar Trust Bank",
    ),
    "financial_services": (
        "Goldfinch Payments", "Ledgerly", "Aurora Wealth Partners", "Pennywise Capital",
        "Brightwater Financial", "Coinvale", "Keystone Fiscal Group", "Quayside Money",
        "Lumen Lending", "Tallyhouse Finance", "Evergreen Retirement Services",
    ),
    "hospital_and_health_care": (
        "St. Aldric General Hospital", "Riverside Health Network", "Valleycare Clinics",
        "Harmony Regional Medical Center", "Northshore Children's Hospital",
        "Beacon Community Health", "Lakeside Care Group", "Mercyfield Health System",
        "Sunbridge Rehabilitation", "Westmoor Medical Partners",
    ),
    "management_consulting": (
        "Ashford & Lowe Consulting", "Pinnacle Strategy Group", "Crosswind Advisors",
        "Thornbury Partners", "Keel & Compass", "Bellweather Strategy", "Oakridge Advisory",
        "Polaris Management Consultants", "Fulcrum Transformation", "Whitlock Associates",
    ),
    "marketing_and_advertising": (
        "Loudhouse Creative", "Magpie & Co.", "Brightsign Agency", "Copperfox Media",
        "Tangerine Growth Studio", "Echoframe Advertising", "Parade Brand Partners",
        "Sprocket Digital", "Wildflower Marketing", "Headline Collective",
    ),
    "telecommunications": (
        "Cirrus Telecom", "Wavecrest Networks", "Longreach Mobile", "Fjordline Fibre",
        "Signalpoint Communications", "Northstar Wireless", "Ampere Telco",
        "Atlas Broadband", "Relay Mobile Group", "Everlink Telecom",
    ),
    "renewables_and_environment": (
        "Sunfield Energy", "Windharbor Renewables", "Greencurrent Power", "Tidal Works",
        "Solvista Solar", "Hydrovale Energy", "Verdant Grid", "Breezeway Wind Farms",
        "Carbonleaf Solutions", "Helios Ridge Power",
    ),
    "biotechnology": (
        "Genovate Biosciences", "Helixa Therapeutics", "Cellarion Bio", "Proteon Labs",
        "Mycelium Biotech", "Synaptica Bio", "Kinetix Biologics", "Arbor Genomics",
        "Luminar Bioworks", "Vireo Therapeutics",
    ),
    "accounting": (
        "Baxter & Finch LLP", "Ledgerwood Accountants", "Harcourt Tax Advisors",
        "Pemberton Audit Partners", "Clearbook Accounting", "Mosswood & Hale",
        "Trueline Chartered Accountants", "Abacus Row", "Kingsley Reeve & Co.",
        "Stonegate Assurance",
    ),
    "airlines_aviation": (
        "Skyward Airways", "Bluefin Air", "Aeromar", "Northern Lights Airlines",
        "Horizon Crest Aviation", "Albatross Regional", "Cumulus Air Charter",
        "Zephyr Airlines", "Tradewind Air Cargo", "Altitude Aviation Services",
    ),
    "logistics_and_supply_chain": (
        "Bluefin Logistics", "Crateway Freight", "Portside Supply Chain", "Swiftlane Delivery",
        "Linehaul Partners", "Cargonaut", "Waypoint Distribution", "Tandem Fulfilment",
        "Anchorline Shipping", "Roadrunner Freightworks",
    ),
    "higher_education": (
        "Eastmoor Institute of Technology", "Westbrook College", "Northvale University",
        "Kingsbridge School of Business", "Lakemont State University",
        "Academy of Applied Sciences Rivermark", "Halden Polytechnic", "Southgate University",
        "Thornfield College of Arts", "Meridian Open University",
    ),
    "retail": (
        "Hearth & Home Stores", "Market Lane", "Bramble Outfitters", "Cornerstone Grocers",
        "Citrine Department Stores", "Urban Pantry", "Maple Street Goods", "Brightcart",
        "Saltmarsh Supply Co.", "Goodweather Retail Group",
    ),
    "real_estate": (
        "Keystone Realty", "Harbourview Properties", "Oakhaven Homes", "Parkside Estates",
        "Redbrick Property Group", "Cityline Realty", "Fairmount Residential",
        "Lindenhall Living", "Stonebridge Property Partners", "Greenacre Lettings",
    ),
    "pharmaceuticals": (
        "Vitalis Pharma", "Curamed Laboratories", "Novacross Pharmaceuticals", "Remedion",
        "Solace Therapeutics", "Apothex", "Meridia Pharma", "Clarion Drug Development",
        "Belmont Pharmaceutical Group", "Zenithra Health",
    ),
    "computer_games": (
        "Pixelforge Studios", "Moonpaw Games", "Ironquill Interactive", "Starling Play",
        "Dungeonlight", "Glowworm Games", "Rocketgoat Studios", "Cloudcastle Entertainment",
        "Tinyknight Games", "Quicksilver Interactive",
    ),
    "staffing_and_recruiting": (
        "Talentbridge Recruitment", "Peoplepath", "Hirewell Partners", "Candor Talent",
        "Northway Staffing", "Keystaff Solutions", "Scoutline Executive Search",
        "Brightfit Recruiting", "Careerharbor", "Alderman Search Group",
    ),
    "legal_services": (
        "Whitmore & Adeyemi LLP", "Castellan Law", "Harrow Blake Solicitors",
        "Fairhaven Legal", "Lindqvist & Partners", "Morrow Sterling Law",
        "Quarry Lane Legal", "Bellamy Okafor LLP", "Justitia Legal Services",
        "Greystone Counsel",
    ),
    "construction": (
        "Steelframe Builders", "Cornerstone Construction Group", "Rivermark Contractors",
        "Blueprint Civil Works", "Keystone Build", "Tallgrass Construction",
        "Ironside Engineering & Construction", "Brickhaven Homes", "Summit Ridge Builders",
        "Foundry Lane Construction",
    ),
    "automotive": (
        "Velocita Motors", "Torque & Tread", "Ampere Auto", "Northcar Mobility",
        "Silverline Automotive", "Roadstar Components", "Kinetic Drive Systems",
        "Elektra Vehicles", "Gearhouse Automotive", "Pathfinder Motor Group",
    ),
    "design": (
        "Studio Fennel", "Linework Design", "Nook & Grain", "Monochrome Studio",
        "Atelier Lumière", "Framewell Design", "Inkwell Collective", "Paperplane Studio",
        "Kiln Design Co.", "Sideways Design",
    ),
    "computer_and_network_security": (
        "Sentinel Forge", "Cipherwall", "Bastion Cyber", "Redwatch Security",
        "Lockstep Defense", "Haven Threat Labs", "Nightjar Security", "Keyguard Systems",
        "Blackfen Cyber", "Portcullis Security",
    ),
    "venture_capital_and_private_equity": (
        "Seedling Ventures", "Longview Capital Partners", "Catalyst Peak Ventures",
        "Ridgeway Equity", "Northbound Ventures", "Firstlight Capital", "Granite Oak Partners",
        "Tailwind Ventures", "Harbor Point Equity", "Nimbus Venture Partners",
    ),
    "artificial_intelligence": (
        "Cortexa AI", "Neuronest", "Gradient Harbor", "Inferra Labs", "Latentworks",
        "Sparrow Intelligence", "Tensorgrove", "Mindloom AI", "Vectorly", "Axon Atlas",
    ),
}

TITLES_BY_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "computer_software": (
        "Software Engineer", "Senior Software Engineer", "Staff Software Engineer",
        "Engineering Manager", "Product Manager", "Frontend Developer", "Backend Developer",
        "Full Stack Developer", "QA Engineer", "Site Reliability Engineer", "CTO",
        "Principal Engineer",
    ),
    "information_technology_and_services": (
        "IT Consultant", "Systems Administrator", "Cloud Architect", "IT Project Manager",
        "Solutions Architect", "Service Desk Lead", "DevOps Engineer", "Network Engineer",
        "IT Operations Manager", "Technical Account Manager",
    ),
    "internet": (
        "Growth Product Manager", "Data Scientist", "Community Manager", "Mobile Engineer",
        "Trust & Safety Specialist", "UX Researcher", "Head of Product", "Platform Engineer",
        "Content Strategist", "SEO Specialist",
    ),
    "banking": (
        "Relationship Manager", "Credit Analyst", "Branch Manager", "Risk Manager",
        "Compliance Officer", "Treasury Analyst", "Loan Officer", "Head of Retail Banking",
        "AML Investigator", "Corporate Banking Associate",
    ),
    "financial_services": (
        "Financial Analyst", "Wealth Manager", "Portfolio Manager", "Payments Product Manager",
        "Quantitative Analyst", "Financial Advisor", "Head of Finance", "Fraud Analyst",
        "Investment Associate", "Controller",
    ),
    "hospital_and_health_care": (
        "Registered Nurse", "Clinical Nurse Specialist", "Physician", "Hospital Administrator",
        "Physiotherapist", "Radiographer", "Pharmacist", "Healthcare Data Analyst",
        "Head of Nursing", "Medical Director",
    ),
    "management_consulting": (
        "Consultant", "Senior Consultant", "Associate Partner", "Partner", "Business Analyst",
        "Engagement Manager", "Strategy Consultant", "Transformation Lead",
        "Operations Consultant", "Managing Director",
    ),
    "marketing_and_advertising": (
        "Marketing Manager", "Brand Strategist", "Creative Director", "Copywriter",
        "Performance Marketing Lead", "Social Media Manager", "Account Director",
        "Media Planner", "Content Marketing Manager", "Chief Marketing Officer",
    ),
    "telecommunications": (
        "RF Engineer", "Network Planning Engineer", "Telecom Project Manager",
        "Core Network Engineer", "Field Operations Manager", "5G Solutions Architect",
        "Customer Experience Lead", "Product Marketing Manager", "NOC Engineer",
        "Fibre Deployment Manager",
    ),
    "renewables_and_environment": (
        "Energy Analyst", "Wind Turbine Technician", "Solar Project Developer",
        "Sustainability Manager", "Environmental Consultant", "Grid Integration Engineer",
        "Asset Manager", "ESG Analyst", "Head of Project Development", "Energy Storage Engineer",
    ),
    "biotechnology": (
        "Research Scientist", "Senior Scientist", "Lab Manager", "Bioinformatician",
        "Process Development Engineer", "Clinical Research Associate", "Regulatory Affairs Lead",
        "Principal Investigator", "Computational Biologist", "Chief Scientific Officer",
    ),
    "accounting": (
        "Accountant", "Senior Auditor", "Tax Manager", "Audit Associate", "Audit Partner",
        "Bookkeeper", "Financial Controller", "Forensic Accountant", "Tax Advisor",
        "Payroll Specialist",
    ),
    "airlines_aviation": (
        "Airline Pilot", "First Officer", "Flight Attendant", "Aircraft Maintenance Engineer",
        "Flight Dispatcher", "Revenue Management Analyst", "Ground Operations Manager",
        "Cabin Crew Manager", "Airport Operations Coordinator", "Safety & Compliance Manager",
    ),
    "logistics_and_supply_chain": (
        "Supply Chain Analyst", "Logistics Coordinator", "Warehouse Manager",
        "Procurement Specialist", "Demand Planner", "Fleet Manager",
        "Head of Operations", "Customs Broker", "Inventory Controller",
        "Transport Planner",
    ),
    "higher_education": (
        "Professor", "Associate Professor", "Lecturer", "Postdoctoral Researcher",
        "PhD Candidate", "Research Assistant", "Dean", "Admissions Officer",
        "Academic Advisor", "Head of Department",
    ),
    "retail": (
        "Store Manager", "Merchandiser", "Buyer", "E-commerce Manager", "Category Manager",
        "Visual Merchandiser", "Retail Operations Manager", "Customer Service Lead",
        "Regional Manager", "Loss Prevention Specialist",
    ),
    "real_estate": (
        "Real Estate Agent", "Property Manager", "Leasing Consultant", "Real Estate Analyst",
        "Development Manager", "Valuation Surveyor", "Asset Manager", "Broker",
        "Facilities Manager", "Head of Acquisitions",
    ),
    "pharmaceuticals": (
        "Medical Science Liaison", "Pharmacovigilance Specialist", "Clinical Trial Manager",
        "Formulation Scientist", "Quality Assurance Manager", "Regulatory Affairs Specialist",
        "Medical Affairs Manager", "Sales Representative", "Biostatistician",
        "Head of R&D",
    ),
    "computer_games": (
        "Game Designer", "Gameplay Programmer", "Technical Artist", "Level Designer",
        "3D Artist", "Producer", "Narrative Designer", "Engine Programmer", "QA Tester",
        "Creative Director",
    ),
    "staffing_and_recruiting": (
        "Recruiter", "Senior Technical Recruiter", "Talent Acquisition Partner",
        "Sourcing Specialist", "Recruitment Consultant", "Head of Talent",
        "Executive Search Consultant", "Account Manager", "Recruitment Coordinator",
        "Talent Partner",
    ),
    "legal_services": (
        "Associate", "Senior Associate", "Partner", "Paralegal", "Legal Counsel",
        "General Counsel", "Trainee Solicitor", "Compliance Counsel", "Legal Operations Manager",
        "Barrister",
    ),
    "construction": (
        "Site Manager", "Project Manager", "Quantity Surveyor", "Civil Engineer",
        "Structural Engineer", "Construction Manager", "Health & Safety Officer",
        "Estimator", "BIM Coordinator", "Contracts Manager",
    ),
    "automotive": (
        "Mechanical Engineer", "Powertrain Engineer", "Battery Systems Engineer",
        "Manufacturing Engineer", "Quality Engineer", "Vehicle Dynamics Engineer",
        "Supply Chain Manager", "Plant Manager", "Embedded Software Engineer",
        "Homologation Specialist",
    ),
    "design": (
        "Product Designer", "Senior UX Designer", "UI Designer", "Design Lead",
        "Graphic Designer", "Brand Designer", "Interaction Designer", "Design Director",
        "Illustrator", "Motion Designer",
    ),
    "computer_and_network_security": (
        "Security Engineer", "Penetration Tester", "SOC Analyst", "Security Architect",
        "Incident Responder", "Threat Intelligence Analyst", "CISO", "Application Security Lead",
        "GRC Analyst", "Cloud Security Engineer",
    ),
    "venture_capital_and_private_equity": (
        "Analyst", "Associate", "Principal", "Partner", "General Partner", "Venture Partner",
        "Investment Director", "Head of Platform", "Scout", "Operating Partner",
    ),
    "artificial_intelligence": (
        "Machine Learning Engineer", "Research Scientist", "Applied Scientist",
        "MLOps Engineer", "Data Engineer", "AI Product Manager", "NLP Engineer",
        "Computer Vision Engineer", "Head of AI", "AI Ethics Researcher",
    ),
}

SKILLS_BY_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "computer_software": (
        "Python", "Django", "JavaScript", "TypeScript", "React", "PostgreSQL", "Go", "Rust",
        "Kubernetes", "Docker", "System Design", "Test-Driven Development", "REST APIs",
        "Git", "CI/CD",
    ),
    "information_technology_and_services": (
        "ITIL", "Microsoft Azure", "Amazon Web Services", "Linux", "Networking",
        "Active Directory", "Terraform", "IT Service Management", "VMware",
        "Project Management", "Cloud Migration", "Ansible",
    ),
    "internet": (
        "A/B Testing", "Product Analytics", "SQL", "Growth Marketing", "SEO", "User Research",
        "Content Moderation", "iOS Development", "Android Development", "Community Building",
        "Experimentation", "Data Visualization",
    ),
    "banking": (
        "Credit Risk", "Anti-Money Laundering", "KYC", "Financial Modeling", "Basel III",
        "Relationship Management", "Treasury", "Commercial Lending", "Regulatory Compliance",
        "Retail Banking", "Risk Management", "Excel",
    ),
    "financial_services": (
        "Financial Analysis", "Portfolio Management", "Payments", "Wealth Management",
        "Budgeting", "Forecasting", "Valuation", "Fraud Detection", "Python", "Bloomberg",
        "IFRS", "Financial Planning",
    ),
    "hospital_and_health_care": (
        "Patient Care", "Electronic Health Records", "Clinical Research", "BLS", "ICU",
        "Healthcare Management", "Infection Control", "Medication Administration",
        "Patient Safety", "Triage", "HIPAA", "Care Coordination",
    ),
    "management_consulting": (
        "Strategy", "Business Transformation", "Stakeholder Management", "Change Management",
        "Operating Models", "Due Diligence", "PowerPoint", "Process Improvement",
        "Market Sizing", "Lean Six Sigma", "Workshop Facilitation", "Business Case Development",
    ),
    "marketing_and_advertising": (
        "Brand Strategy", "Digital Marketing", "Copywriting", "Google Ads", "Social Media",
        "Content Marketing", "Marketing Automation", "Campaign Management", "Media Buying",
        "Storytelling", "Email Marketing", "Market Research",
    ),
    "telecommunications": (
        "LTE", "5G", "RF Planning", "IP Networking", "MPLS", "Fibre Optics", "VoIP",
        "Network Operations", "SD-WAN", "Telecom Regulation", "BGP", "Project Delivery",
    ),
    "renewables_and_environment": (
        "Solar PV", "Wind Energy", "Energy Storage", "Power Purchase Agreements",
        "Environmental Impact Assessment", "Sustainability Reporting", "Carbon Accounting",
        "Grid Connection", "Project Finance", "GIS", "ESG", "Life Cycle Assessment",
    ),
    "biotechnology": (
        "CRISPR", "Cell Culture", "PCR", "Next-Generation Sequencing", "Bioinformatics",
        "Protein Purification", "Flow Cytometry", "GMP", "R", "Assay Development",
        "Molecular Biology", "Immunology",
    ),
    "accounting": (
        "Auditing", "IFRS", "US GAAP", "Tax Compliance", "Financial Reporting", "Xero",
        "SAP", "Reconciliation", "Internal Controls", "Payroll", "Excel", "Management Accounts",
    ),
    "airlines_aviation": (
        "Flight Operations", "Crew Resource Management", "EASA Regulations",
        "Aircraft Maintenance", "Safety Management Systems", "Revenue Management",
        "Airline Scheduling", "Ground Handling", "Customer Service", "Boeing 737",
        "Airbus A320", "Dangerous Goods",
    ),
    "logistics_and_supply_chain": (
        "Supply Chain Management", "Inventory Management", "Procurement", "Demand Planning",
        "Warehouse Management Systems", "Lean Logistics", "Freight Forwarding", "Incoterms",
        "SAP", "Route Optimization", "Vendor Management", "Customs Compliance",
    ),
    "higher_education": (
        "Teaching", "Curriculum Development", "Academic Writing", "Grant Writing",
        "Research Methods", "Statistics", "Public Speaking", "Mentoring", "Peer Review",
        "Qualitative Research", "Student Advising", "LaTeX",
    ),
    "retail": (
        "Merchandising", "Retail Operations", "Inventory Control", "Customer Experience",
        "Visual Merchandising", "E-commerce", "Category Management", "Pricing Strategy",
        "Team Leadership", "Loss Prevention", "Shopify", "Sales",
    ),
    "real_estate": (
        "Property Management", "Real Estate Valuation", "Leasing", "Negotiation",
        "Real Estate Development", "Due Diligence", "Investment Analysis", "Argus",
        "Facilities Management", "Tenant Relations", "Urban Planning", "Sales",
    ),
    "pharmaceuticals": (
        "Clinical Trials", "Pharmacovigilance", "GMP", "Regulatory Submissions",
        "Drug Development", "Medical Affairs", "Quality Assurance", "GCP", "Biostatistics",
        "Formulation", "Market Access", "Validation",
    ),
    "computer_games": (
        "Unity", "Unreal Engine", "C++", "C#", "Game Design", "Level Design", "3D Modeling",
        "Blender", "Shaders", "Multiplayer Networking", "Narrative Design", "Playtesting",
    ),
    "staffing_and_recruiting": (
        "Technical Recruiting", "Sourcing", "Boolean Search", "Interviewing",
        "Employer Branding", "Applicant Tracking Systems", "Candidate Experience",
        "Talent Acquisition", "Headhunting", "Negotiation", "Onboarding",
        "Diversity Recruiting",
    ),
    "legal_services": (
        "Contract Law", "Litigation", "Corporate Law", "Mergers & Acquisitions",
        "Legal Research", "GDPR", "Intellectual Property", "Employment Law",
        "Legal Writing", "Negotiation", "Dispute Resolution", "Compliance",
    ),
    "construction": (
        "Project Management", "AutoCAD", "Revit", "BIM", "Cost Estimation",
        "Construction Safety", "Contract Management", "Structural Analysis",
        "Site Supervision", "Scheduling", "Primavera P6", "Quantity Surveying",
    ),
    "automotive": (
        "CAD", "CATIA", "Automotive Engineering", "Battery Management Systems", "AUTOSAR",
        "Lean Manufacturing", "FMEA", "ISO 26262", "Embedded C", "MATLAB", "Six Sigma",
        "Electric Vehicles",
    ),
    "design": (
        "Figma", "User Experience", "Interaction Design", "Prototyping", "Design Systems",
        "Adobe Illustrator", "Typography", "Branding", "Usability Testing", "Accessibility",
        "Motion Design", "Information Architecture",
    ),
    "computer_and_network_security": (
        "Penetration Testing", "SIEM", "Incident Response", "Threat Modeling",
        "Network Security", "Cloud Security", "ISO 27001", "Vulnerability Management",
        "Malware Analysis", "OWASP", "Identity and Access Management", "Zero Trust",
    ),
    "venture_capital_and_private_equity": (
        "Venture Capital", "Due Diligence", "Financial Modeling", "Deal Sourcing",
        "Term Sheets", "Portfolio Management", "Market Analysis", "Valuation",
        "Startups", "Fundraising", "Board Governance", "LBO Modeling",
    ),
    "artificial_intelligence": (
        "Machine Learning", "Deep Learning", "PyTorch", "TensorFlow",
        "Natural Language Processing", "Computer Vision", "Large Language Models", "Python",
        "MLOps", "Reinforcement Learning", "Statistics", "Data Engineering",
    ),
}

SCHOOLS: Final[tuple[str, ...]] = (
    "University of Lisbon", "University of Porto", "Complutense University of Madrid",
    "University of Barcelona", "Sorbonne University", "University of Lyon",
    "Free University of Berlin", "Technical University of Munich", "University of Hamburg",
    "University of Amsterdam", "KU Leuven", "University of Zürich", "University of Vienna",
    "University of Copenhagen", "Stockholm University", "University of Oslo",
    "University of Helsinki", "Trinity College Dublin", "University of Edinburgh",
    "University of Milan", "University of Warsaw", "Jagiellonian University",
    "Charles University", "Istanbul Technical University", "University of Lagos",
    "University of Nairobi", "University of Cape Town", "University of Mumbai",
    "National University of Singapore", "University of Tokyo", "Seoul National University",
    "University of Sydney", "University of Auckland", "University of Toronto",
    "Université de Montréal", "University of São Paulo", "University of Buenos Aires",
    "National Autonomous University of Mexico", "Northvale State University",
    "Eastmoor Institute of Technology", "Westbrook School of Business",
    "Lakemont Polytechnic",
)

# fmt: on

DEGREES: Final[tuple[tuple[str, str], ...]] = (
    ("BSc", "Computer Science"),
    ("MSc", "Computer Science"),
    ("BEng", "Software Engineering"),
    ("MEng", "Electrical Engineering"),
    ("BEng", "Mechanical Engineering"),
    ("BEng", "Civil Engineering"),
    ("BSc", "Mathematics"),
    ("MSc", "Data Science"),
    ("MSc", "Artificial Intelligence"),
    ("PhD", "Physics"),
    ("PhD", "Molecular Biology"),
    ("BSc", "Biochemistry"),
    ("MBA", "Business Administration"),
    ("BBA", "Business Administration"),
    ("BA", "Economics"),
    ("MSc", "Finance"),
    ("BCom", "Accounting"),
    ("BA", "Marketing"),
    ("BA", "Psychology"),
    ("BA", "Graphic Design"),
    ("LLB", "Law"),
    ("LLM", "International Law"),
    ("MD", "Medicine"),
    ("BSN", "Nursing"),
    ("MPH", "Public Health"),
    ("BA", "English Literature"),
    ("MA", "International Relations"),
    ("BSc", "Environmental Science"),
)

HEADLINE_TEMPLATES: Final[tuple[str, ...]] = (
    "{title} at {company}",
    "{title} | {skill} | Helping teams ship faster",
    "{title} @ {company} · {industry}",
    "{title} at {company} | {skill} enthusiast",
    "{title} | {industry} | Open to new opportunities",
    "Building the future of {industry} at {company}",
    "{title} · {skill} · Lifelong learner",
    "{skill} specialist | {title} at {company}",
    "{title} passionate about {skill} and {industry}",
    "Former {title} | Now exploring {industry}",
    "{title} | Turning {skill} into business results",
    "{title} at {company} — {industry} nerd",
    "{title} | Mentor | Speaker on {skill}",
    "Helping {industry} companies grow with {skill} | {title}",
    "{title} at {company} | Ex-founder | {skill}",
)

SUMMARY_TEMPLATES: Final[tuple[str, ...]] = (
    "I'm a {title} with {years} years of experience in {industry}. "
    "Currently at {company} in {city}, I focus on {skill} and building great teams.",
    "Over the past {years} years I've worked across {industry}, most recently as {title} "
    "at {company}. I care deeply about {skill}. Based in {city} and always happy to chat.",
    "{title} based in {city}. I help {company} get more out of {skill}. "
    "Before that I spent {years} years learning the ropes of {industry}.",
    "Curious by nature, pragmatic by training. I've spent {years} years in {industry} and "
    "today I lead {skill} initiatives at {company}. Reach out if you're in {city}!",
    "As a {title} at {company}, I turn complex problems into simple solutions. "
    "My toolkit revolves around {skill}. {years} years in {industry} taught me to listen first.",
    "I joined {company} as a {title} after {years} years in {industry}. "
    "I'm passionate about {skill}, mentoring, and the tech community in {city}.",
    "Hello from {city}! I work as a {title} at {company}. "
    "My {years} years in {industry} have been all about {skill}. "
    "Outside work you'll find me hiking or reading.",
    "Results-driven {title} with {years} years of {industry} experience. "
    "Known for {skill}, clear communication and calm under pressure. "
    "Currently helping {company} scale from {city}.",
    "I believe the best work happens when diverse people build together. "
    "At {company} I'm a {title} focused on {skill}. "
    "Previously {years} years across {industry} roles in and around {city}.",
    "{years} years ago I stumbled into {industry} and never looked back. "
    "Today I'm a {title} at {company}, where {skill} is my daily bread.",
    "My mission: make {industry} a little better every day. "
    "I do that as a {title} at {company}, leaning on {skill} and {years} years of lessons. "
    "Happy to connect with anyone in {city}.",
    "Experienced {title} ({years} years) with a strong background in {skill}. "
    "I've shipped projects for clients across {industry}. "
    "Now based in {city} with {company}. Open to speaking and advisory roles.",
)

TEMPLATE_PLACEHOLDERS: Final[frozenset[str]] = frozenset(
    {"title", "company", "skill", "industry", "years", "city"}
)


def _validate() -> None:
    """Fail fast at import time if the vocabularies drift out of sync with INDUSTRIES."""
    for name, mapping in (
        ("COMPANIES_BY_INDUSTRY", COMPANIES_BY_INDUSTRY),
        ("TITLES_BY_INDUSTRY", TITLES_BY_INDUSTRY),
        ("SKILLS_BY_INDUSTRY", SKILLS_BY_INDUSTRY),
    ):
        unknown = set(mapping) - set(INDUSTRY_LABELS)
        if unknown:
            raise ValueError(f"{name} has unknown industry slugs: {sorted(unknown)}")
    keys = set(COMPANIES_BY_INDUSTRY)
    if keys != set(TITLES_BY_INDUSTRY) or keys != set(SKILLS_BY_INDUSTRY):
        raise ValueError("*_BY_INDUSTRY dicts must share the same industry keys")


_validate()

DEMO_INDUSTRIES: Final[tuple[str, ...]] = tuple(COMPANIES_BY_INDUSTRY)
