"""Fictional employers, by industry slug."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

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

# fmt: on
