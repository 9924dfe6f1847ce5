"""The network demo: follow-up of the 2008–2010 graduates, the Bến Tre workshop of seed 002, the library."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kcn.core.files import document_kind
from kcn.network.choices import ActivityStatus
from kcn.network.constants import DOCUMENT_MAX_BYTES
from kcn.network.demo import WORKSHOP_TITLE, load_network_demo
from kcn.network.models import (
    ActivityUpdate,
    AgendaItem,
    CpActivity,
    Document,
    Evaluation,
    FieldVisit,
    Workshop,
    WorkshopOrganisation,
    WorkshopParticipant,
)
from kcn.network.selectors import follow_up_overdue
from kcn.training.choices import OrganisationType
from kcn.training.demo import PROGRAMME_CODE
from kcn.training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    line = load_network_demo(demo)  # loads the training demo first: the graduates come from it
    assert line and line.startswith("Mạng lưới mẫu")
    return Workshop.objects.get(title=WORKSHOP_TITLE)


def test_the_bến_tre_workshop_as_seed_002_tells_it(loaded):
    workshop = loaded
    assert (workshop.start_date, workshop.end_date) == (datetime.date(2011, 4, 14), datetime.date(2011, 4, 15))
    assert workshop.organiser == "Sở Công Thương tỉnh Bến Tre"
    assert (workshop.legacy_province.name, workshop.province.name) == ("Bến Tre", "Vĩnh Long")
    guests = (WorkshopOrganisation.objects.filter(workshop=workshop,
                                                  organisation_type__in=[OrganisationType.DOIT,
                                                                         OrganisationType.PROMOTION_CENTRE])
              .exclude(legacy_province__name="Bến Tre"))
    assert guests.count() == 16
    assert not guests.exclude(province__code__in=[75, 79, 80, 82, 86, 91, 92, 96]).exists()  # the South
    agenda = list(AgendaItem.objects.filter(workshop=workshop).order_by("day", "time", "order"))
    titles = " ".join(item.title for item in agenda)
    for part in ("khai mạc", "kế hoạch hành động SXSH giai đoạn 2009–2013", "nhà máy thuốc lá", "nhà máy đường",
                 "chế biến dừa", "Kinh nghiệm đào tạo", "bộ tài liệu"):
        assert part in titles
    presented = [item.document for item in agenda if item.document]
    assert len(presented) == 6 and all(doc.workshop == workshop for doc in presented)
    visits = FieldVisit.objects.filter(workshop=workshop)
    assert visits.count() == 3 and set(visits.values_list("date", flat=True)) == {datetime.date(2011, 4, 15)}
    participants = WorkshopParticipant.objects.filter(workshop=workshop)
    assert participants.filter(trainee__isnull=False).exists() and participants.filter(attended=True).count() > 30


def test_library_documents_are_real_pdfs(loaded):
    documents = Document.objects.all()
    assert 8 <= documents.count() <= 12
    assert len(set(documents.values_list("topic", flat=True))) >= 4
    assert documents.exclude(sector="").exists() and documents.filter(workshop__isnull=True).count() >= 5
    for document in documents:
        with document.file.open("rb") as handle:
            upload = SimpleUploadedFile(document.original_name, handle.read())
        assert document_kind(upload, max_bytes=DOCUMENT_MAX_BYTES).extension == "pdf"
        assert upload.size == document.size


def test_follow_up_of_2010_2011_and_someone_overdue_today(loaded, user_named):
    graduates = Enrolment.objects.filter(course__programme__code=PROGRAMME_CODE, passed=True)
    old = CpActivity.objects.filter(planned_start=datetime.date(2010, 7, 1))
    assert set(old.values_list("trainee_id", flat=True)) == set(graduates.values_list("trainee_id", flat=True))
    quarters = set(ActivityUpdate.objects.filter(activity__in=old).values_list("year", "quarter"))
    assert quarters == {(2010, 3), (2010, 4), (2011, 1), (2011, 2)}
    # Some quarters and halves were not reported: the follow-up had gaps, as real ones do.
    assert ActivityUpdate.objects.filter(activity__in=old).count() < old.count() * 4
    assert Evaluation.objects.filter(year=2011, half=1).count() < graduates.count()
    assert not old.exclude(status__in=[ActivityStatus.DONE, ActivityStatus.DROPPED]).exists()
    rows, _quarter, _half = follow_up_overdue(user=user_named("quanlychuongtrinh"))
    late_updates = [row for row in rows if row.missing_updates]
    assert len(late_updates) == 1 and late_updates[0].missing_updates[0].status == ActivityStatus.IN_PROGRESS
    assert 1 <= sum(row.missing_evaluation for row in rows) <= 2


def test_loading_twice_changes_nothing(loaded, demo):
    models = [CpActivity, ActivityUpdate, Evaluation, Workshop, WorkshopOrganisation, WorkshopParticipant,
              AgendaItem, FieldVisit, Document, Enrolment]
    before = {model: model.objects.count() for model in models}
    assert load_network_demo(demo) is None
    assert {model: model.objects.count() for model in models} == before
